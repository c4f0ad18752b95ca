import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliUsageError, USAGE, parseCliArgs, type CliCommand } from './cli-args';
import { loadConfig } from './config';
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
  const deps = createEngineDependencies(config, registry);
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
  }
}

/** The command line without process globals, so tests can drive it. `serve` is the caller's. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | 'serve'> {
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
