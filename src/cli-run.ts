import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CREDENTIALS_USAGE, CliUsageError, USAGE, parseCliArgs, type CliCommand } from './cli-args';
import { runCredentialsCommand } from './cli-credentials';
import { loadConfig, type Config } from './config';
import { openCredentialVault, type CredentialVault } from './credentials';
import { createOdooConnector } from './odoo/connector';
import { SQLITE_FILE_NAME, openSqliteStore } from './store/sqlite';
import type { Workflow } from './workflow/types';
import { executeWorkflow } from './engine/executor';
import type { Item } from './contracts/run-data';
import { AutomatorError, WorkflowValidationError, errorMessage } from './errors';
import { createEngineDependencies } from './executions/engine-deps';
import { newExecutionId } from './ids';
import { createDefaultRegistry } from './nodes/default-registry';
import { isJsonObject } from './workflow/json';
import { parseWorkflowText } from './workflow/parse';
import { runOdooSetupCommand } from './odoo-setup/setup-command';
import { SETUP_USAGE } from './odoo-setup/setup-args';
import type { SecretPrompt } from './odoo-setup/admin-password';

/** Exit codes: 0 the run happened (whatever its status), 2 unusable input, 1 our own failure. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_UNUSABLE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Asks for a secret on the terminal without echo; absent when there is none. */
  promptSecret?: SecretPrompt;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkflowValidationError(`cannot read ${what} ${path}: ${errorMessage(error)}`);
  }
}

/** `--input` takes a JSON array of items (`{json}`) or of plain objects. */
function readInputItems(path: string): Item[] {
  const text = readText(path, 'input file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorkflowValidationError(`input file ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry, index) => {
    if (!isJsonObject(entry)) throw new WorkflowValidationError(`input file ${path}: item ${index} is not an object`);
    return isJsonObject(entry.json) ? { json: entry.json } : { json: entry };
  });
}

async function runWorkflowFile(command: Extract<CliCommand, { command: 'run' }>, io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const registry = createDefaultRegistry();
  const fileId = basename(command.file).replace(/\.json$/i, '');
  const workflow = parseWorkflowText(readText(command.file, 'workflow file'), basename(command.file), registry, fileId);
  const triggerItems = command.inputFile ? readInputItems(command.inputFile) : undefined;
  const credentials = await openRunCredentials(config, workflow, io);
  const deps = createEngineDependencies(config, registry, { odooConnector: createOdooConnector(), ...(credentials ? { credentials: credentials.vault } : {}) });
  try {
    const run = await executeWorkflow(deps, {
      // n8n's `execute` command ignores pinned data (only editor runs send it), and so do we.
      workflow: { ...workflow, pinData: {} },
      executionId: newExecutionId(),
      mode: 'manual',
      startNode: command.startNode,
      triggerItems,
    });
    io.stdout(`${JSON.stringify(run, null, command.pretty ? 2 : undefined)}\n`);
    return EXIT_OK;
  } finally {
    deps.expressions.dispose();
    await credentials?.close();
  }
}

/**
 * The embedded store's credentials, for workflows whose nodes reference some, when the
 * store exists (a run never creates a database or a key as a side effect).
 */
async function openRunCredentials(config: Config, workflow: Workflow, io: CliIo): Promise<{ vault: CredentialVault; close: () => Promise<void> } | undefined> {
  const referencesSome = [...workflow.nodes.values()].some((node) => node.credentials !== undefined && Object.keys(node.credentials).length > 0);
  if (!referencesSome || config.mode !== 'embedded' || !existsSync(join(config.dataDir, SQLITE_FILE_NAME))) return undefined;
  const sqlite = openSqliteStore({ dataDir: config.dataDir });
  try {
    return { vault: openCredentialVault(config, sqlite.credentials, { warn: (message) => io.stderr(`${message}\n`) }), close: () => sqlite.close() };
  } catch (error) {
    await sqlite.close();
    throw error;
  }
}

/** The command line without process globals, so tests can drive it. `serve` is the caller's. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | 'serve'> {
  if (argv[0] === 'credentials') return runCredentialsCli(argv.slice(1), io);
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`${errorMessage(error)}\n${USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  if (command.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (command.command === 'serve') return 'serve';
  if (command.command === 'odoo-setup') {
    if (command.args.includes('--help') || command.args.includes('-h')) {
      io.stdout(`${SETUP_USAGE}\n`);
      return EXIT_OK;
    }
    return runOdooSetupCommand(command.args, io);
  }
  try {
    return await runWorkflowFile(command, io);
  } catch (error) {
    const unusable = error instanceof CliUsageError || (error instanceof AutomatorError && error.code === 'bad_request');
    io.stderr(`${unusable ? '' : 'internal error: '}${errorMessage(error)}\n`);
    return unusable ? EXIT_UNUSABLE : EXIT_INTERNAL;
  }
}

async function runCredentialsCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await runCredentialsCommand(args, io);
    return EXIT_OK;
  } catch (error) {
    const usage = error instanceof CliUsageError;
    const unusable = usage || (error instanceof AutomatorError && ['bad_request', 'not_found', 'conflict'].includes(error.code));
    io.stderr(`${unusable ? '' : 'internal error: '}${errorMessage(error)}\n${usage ? `usage:\n${CREDENTIALS_USAGE}\n` : ''}`);
    return unusable ? EXIT_UNUSABLE : EXIT_INTERNAL;
  }
}
