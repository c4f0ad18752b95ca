import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';

const OWNER_ONLY = 0o600;

/**
 * A secret generated once and kept in a file readable by the owner only: the service's API
 * key and the credentials key both start this way when their variable is unset. `label`
 * names the secret in errors ("API key", "credentials key").
 */
export function readOrCreateKeyFile(keyPath: string, label: string): { key: string; created: boolean } {
  const existing = readKeyFile(keyPath, label);
  if (existing !== undefined) return { key: existing, created: false };
  return createKeyFile(keyPath, label);
}

export function readKeyFile(keyPath: string, label: string): string | undefined {
  let content: string;
  try {
    content = fs.readFileSync(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([`Cannot read the generated ${label} file ${keyPath}: ${(error as Error).message}`]);
  }
  const key = content.trim();
  if (key === '') throw new ConfigError([`The generated ${label} file ${keyPath} is empty: delete it to make a new key`]);
  // A copy made without care may be readable by others; the key guards secrets.
  if ((fs.statSync(keyPath).mode & 0o077) !== 0) fs.chmodSync(keyPath, OWNER_ONLY);
  return key;
}

function createKeyFile(keyPath: string, label: string): { key: string; created: boolean } {
  const key = randomBytes(32).toString('hex');
  try {
    fs.mkdirSync(path.dirname(keyPath), { recursive: true });
    // `wx`: if another process made the file meanwhile, use its key rather than replace it.
    fs.writeFileSync(keyPath, `${key}\n`, { mode: OWNER_ONLY, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const existing = readKeyFile(keyPath, label);
      if (existing !== undefined) return { key: existing, created: false };
    }
    throw new ConfigError([`Cannot create the ${label} file ${keyPath}: ${(error as Error).message}`]);
  }
  return { key, created: true };
}

/** Replaces the key file's content atomically (write a sibling, then rename over it). */
export function replaceKeyFile(keyPath: string, key: string): void {
  const temporary = `${keyPath}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.writeFileSync(temporary, `${key}\n`, { mode: OWNER_ONLY });
  fs.renameSync(temporary, keyPath);
}
