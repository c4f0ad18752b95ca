import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { CliUsageError } from './cli-args';
import { credentialsKeyPath, loadConfig, replaceKeyFile, resolveCredentialsKey, type Config } from './config';
import { CredentialCipher, CredentialVault, importN8nCredentials, n8nCredentialExportSchema, rotateCredentialsKey } from './credentials';
import { newCredentialSchema } from './credentials/n8n-import';
import { BadRequestError, errorMessage } from './errors';
import { openSqliteStore } from './store/sqlite';
import { describeIssues } from './server/validation';
import type { JsonObject } from './workflow/json';

/**
 * `cli credentials add|list|import|rotate-key`: the embedded store's credentials from the
 * command line (Odoo mode keeps them in Odoo, managed from its form). Answers are JSON on
 * stdout, never holding a field's value; what to do next goes to stderr.
 */

interface CredentialsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

function options(args: readonly string[], allowed: readonly string[]): { values: Map<string, string>; positional: string[] } {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    if (!allowed.includes(arg)) throw new CliUsageError(`unknown option "${arg}"`);
    const value = args[++i];
    if (value === undefined) throw new CliUsageError(`${arg} needs a value`);
    values.set(arg, value);
  }
  return { values, positional };
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadRequestError(`cannot read ${what} ${path}: ${errorMessage(error)}`);
  }
  return parseJson(text, `${what} ${path}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse quotes part of the text, which may be a secret: say where only.
    throw new BadRequestError(`${what} is not valid JSON`);
  }
}

function readKeyText(path: string): string {
  const key = readFileSync(path, 'utf8').trim();
  if (key === '') throw new BadRequestError(`the new key file ${path} is empty`);
  return key;
}

async function withVault<T>(config: Config, io: CredentialsIo, work: (vault: CredentialVault, sqlite: ReturnType<typeof openSqliteStore>, cipher: CredentialCipher) => Promise<T>): Promise<T> {
  if (config.mode !== 'embedded') throw new BadRequestError('credentials commands work on the embedded store; with ODOO_URL set, manage credentials in Odoo');
  const sqlite = openSqliteStore({ dataDir: config.dataDir });
  try {
    const cipher = new CredentialCipher(resolveCredentialsKey(config, { warn: (message) => io.stderr(`${message}\n`) }));
    return await work(new CredentialVault(sqlite.credentials, cipher), sqlite, cipher);
  } finally {
    await sqlite.close();
  }
}

async function rotate(config: Config, io: CredentialsIo, newKeyFile: string | undefined): Promise<void> {
  const fromEnvironment = config.credentialsKey !== undefined;
  if (fromEnvironment && newKeyFile === undefined) {
    throw new CliUsageError('CREDENTIALS_KEY is set: give the new key with --new-key-file <file>, then set CREDENTIALS_KEY to it');
  }
  const nextKey = newKeyFile !== undefined ? readKeyText(newKeyFile) : randomBytes(32).toString('hex');
  const keyPath = credentialsKeyPath(config.dataDir);
  // The new key reaches the disk before the database commits, so no crash can leave
  // credentials encrypted with a key that exists nowhere.
  if (!fromEnvironment) replaceKeyFile(`${keyPath}.next`, nextKey);
  let count: number;
  try {
    count = await withVault(config, io, async (_vault, sqlite, current) => rotateCredentialsKey(sqlite.credentials, current, new CredentialCipher(nextKey)));
  } catch (error) {
    if (!fromEnvironment) rmSync(`${keyPath}.next`, { force: true });
    throw error;
  }
  if (fromEnvironment) {
    io.stderr(`re-encrypted ${count} credentials: set CREDENTIALS_KEY to the content of ${newKeyFile ?? ''} before the service starts again\n`);
  } else {
    renameSync(`${keyPath}.next`, keyPath);
    io.stderr(`re-encrypted ${count} credentials; the new key is in ${keyPath}\n`);
  }
  io.stdout(`${JSON.stringify({ rotated: count })}\n`);
}

/** Runs one `credentials` subcommand; throws CliUsageError / BadRequestError for bad input. */
export async function runCredentialsCommand(args: readonly string[], io: CredentialsIo): Promise<void> {
  const [subcommand, ...rest] = args;
  const config = loadConfig(io.env);
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  if (subcommand === 'list') {
    options(rest, []);
    print(await withVault(config, io, (vault) => vault.list()));
  } else if (subcommand === 'add') {
    const { values } = options(rest, ['--name', '--type', '--data', '--data-file']);
    const dataFile = values.get('--data-file');
    const inline = values.get('--data');
    if ((dataFile === undefined) === (inline === undefined)) throw new CliUsageError('add needs exactly one of --data-file or --data');
    const data = dataFile !== undefined ? readJsonFile(dataFile, 'data file') : parseJson(inline ?? '', '--data');
    const parsed = newCredentialSchema.safeParse({ name: values.get('--name'), type: values.get('--type'), data });
    if (!parsed.success) throw new BadRequestError(`invalid credential: ${describeIssues(parsed.error)}`);
    const created = await withVault(config, io, (vault) => vault.create({ name: parsed.data.name, type: parsed.data.type, data: parsed.data.data as JsonObject }));
    print({ id: created.id, name: created.name, type: created.type, createdAt: created.createdAt });
  } else if (subcommand === 'import') {
    const { positional } = options(rest, []);
    if (positional.length !== 1) throw new CliUsageError('import needs one file: the output of n8n export:credentials --all --decrypted');
    const parsed = n8nCredentialExportSchema.safeParse(readJsonFile(positional[0], 'credentials export'));
    if (!parsed.success) throw new BadRequestError(`${positional[0]} is not an n8n credentials export: ${describeIssues(parsed.error)}`);
    print(await withVault(config, io, (vault) => importN8nCredentials(vault, parsed.data)));
  } else if (subcommand === 'rotate-key') {
    const { values, positional } = options(rest, ['--new-key-file']);
    if (positional.length > 0) throw new CliUsageError(`unexpected argument "${positional[0]}"`);
    await rotate(config, io, values.get('--new-key-file'));
  } else {
    throw new CliUsageError(subcommand === undefined ? 'credentials needs a subcommand' : `unknown credentials subcommand "${subcommand}"`);
  }
}
