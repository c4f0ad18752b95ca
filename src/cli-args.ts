/** The command line, parsed: `run [--json] <workflow.json> [--start-node N] [--input F]` or `serve`. */
export type CliCommand =
  | { command: 'run'; file: string; startNode?: string; inputFile?: string; pretty: boolean }
  | { command: 'serve' }
  | { command: 'odoo-setup'; args: string[] }
  | { command: 'help' };

export class CliUsageError extends Error {}

export const CREDENTIALS_USAGE = `  cli credentials list
  cli credentials add --name <name> --type <type> (--data-file <fields.json> | --data <json>)
  cli credentials import <n8n-export.json>      (n8n export:credentials --all --decrypted)
  cli credentials rotate-key [--new-key-file <file>]`;

export const USAGE = `usage:
  cli run [--json] [--pretty] <workflow.json> [--start-node <name>] [--input <items.json>]
  cli serve
${CREDENTIALS_USAGE}
  cli odoo setup --url <odoo url> --db <database> --admin-login <login> [--sidecar-url <url>] (see cli odoo setup --help)`;

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'serve') return { command: 'serve' };
  if (command === 'odoo') {
    if (rest[0] !== 'setup') throw new CliUsageError(`unknown odoo command "${rest[0] ?? ''}": only "odoo setup" exists`);
    return { command: 'odoo-setup', args: rest.slice(1) };
  }
  if (command !== 'run') throw new CliUsageError(`unknown command "${command}"`);
  let file: string | undefined;
  let startNode: string | undefined;
  let inputFile: string | undefined;
  let pretty = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined) throw new CliUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') continue; // JSON is the only output format; the flag is accepted for the contract.
    else if (arg === '--pretty') pretty = true;
    else if (arg === '--start-node') startNode = value();
    else if (arg === '--input') inputFile = value();
    else if (arg.startsWith('--')) throw new CliUsageError(`unknown option "${arg}"`);
    else if (file === undefined) file = arg;
    else throw new CliUsageError(`unexpected argument "${arg}"`);
  }
  if (file === undefined) throw new CliUsageError('run needs a workflow file');
  return { command: 'run', file, startNode, inputFile, pretty };
}
