#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliUsageError, USAGE, parseCliArgs, type CliCommand } from './cli-args';
import { loadConfig } from './config';
import { executeWorkflow } from './engine/executor';
import type { Item } from './engine/run-data';
import { AutomatorError, WorkflowValidationError, errorMessage } from './errors';
import { createEngineDependencies } from './executions/engine-deps';
import { newExecutionId } from './ids';
import { createDefaultRegistry } from './nodes/default-registry';
import { isJsonObject } from './workflow/json';
import { parseWorkflowText } from './workflow/parse';

/** Exit codes: 0 the run happened (whatever its status), 2 unusable input, 1 our fault. */
const EXIT_UNUSABLE = 2;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkflowValidationError(`cannot read ${what} ${path}: ${errorMessage(error)}`);
  }
}

/** `--input` takes a JSON array of items (`{json}`) or of plain objects. */
function readInputItems(path: string): Item[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path, 'input file'));
  } catch (error) {
    if (error instanceof WorkflowValidationError) throw error;
    throw new WorkflowValidationError(`input file ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry, index) => {
    if (!isJsonObject(entry)) throw new WorkflowValidationError(`input file ${path}: item ${index} is not an object`);
    return isJsonObject(entry.json) ? { json: entry.json } : { json: entry };
  });
}

async function runCommand(command: Extract<CliCommand, { command: 'run' }>): Promise<number> {
  const config = loadConfig(process.env);
  const registry = createDefaultRegistry();
  const fileId = basename(command.file).replace(/\.json$/i, '');
  const workflow = parseWorkflowText(readText(command.file, 'workflow file'), basename(command.file), registry, fileId);
  const triggerItems = command.inputFile ? readInputItems(command.inputFile) : undefined;
  const deps = createEngineDependencies(config, registry);
  try {
    const run = await executeWorkflow(deps, {
      workflow,
      executionId: newExecutionId(),
      mode: 'manual',
      startNode: command.startNode,
      triggerItems,
    });
    process.stdout.write(`${JSON.stringify(run, null, command.pretty ? 2 : undefined)}\n`);
    return 0;
  } finally {
    deps.expressions.dispose();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n${USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.command === 'serve') {
    const { startService } = await import('./main');
    await startService();
    return -1;
  }
  try {
    return await runCommand(command);
  } catch (error) {
    const unusable = error instanceof WorkflowValidationError || (error instanceof AutomatorError && error.code === 'bad_request');
    process.stderr.write(`${unusable ? '' : 'internal error: '}${errorMessage(error)}\n`);
    return unusable || error instanceof CliUsageError ? EXIT_UNUSABLE : 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
