import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LogSink } from '../logging/logger';
import { ConfigError } from './config-error';
import type { Config } from './types';

export const GENERATED_KEY_FILE = 'sidecar-api-key';
const OWNER_ONLY = 0o600;

/**
 * The key management routes require. SIDECAR_API_KEY when set; otherwise a random 32-byte
 * key generated once and kept in DATA_DIR, so a fresh start is never an open service. The
 * log says where the key is, never the key.
 */
export function resolveApiKey(config: Pick<Config, 'sidecarApiKey' | 'dataDir'>, logger: Pick<LogSink, 'warn'>): string {
  if (config.sidecarApiKey !== undefined) return config.sidecarApiKey;
  const keyPath = path.join(config.dataDir, GENERATED_KEY_FILE);
  const key = readKeyFile(keyPath) ?? createKeyFile(keyPath);
  logger.warn(`SIDECAR_API_KEY is not set: management routes use the generated key stored in ${keyPath}`, {
    keyFile: keyPath,
  });
  return key;
}

function readKeyFile(keyPath: string): string | undefined {
  let content: string;
  try {
    content = fs.readFileSync(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`Cannot read the generated API key file ${keyPath}: ${(error as Error).message}`]);
  }
  const key = content.trim();
  if (key === '') throw new ConfigError([`The generated API key file ${keyPath} is empty: delete it to make a new key`]);
  // A copy made without care may be readable by others; the key guards every route.
  if ((fs.statSync(keyPath).mode & 0o077) !== 0) fs.chmodSync(keyPath, OWNER_ONLY);
  return key;
}

function createKeyFile(keyPath: string): string {
  const key = randomBytes(32).toString('hex');
  try {
    fs.mkdirSync(path.dirname(keyPath), { recursive: true });
    // `wx`: if another process made the file meanwhile, use its key rather than replace it.
    fs.writeFileSync(keyPath, `${key}\n`, { mode: OWNER_ONLY, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const existing = readKeyFile(keyPath);
      if (existing !== undefined) return existing;
    }
    throw new ConfigError([`Cannot create the API key file ${keyPath}: ${(error as Error).message}`]);
  }
  return key;
}
