import path from 'node:path';
import type { LogSink } from '../logging/logger';
import { readOrCreateKeyFile } from './key-file';
import type { Config } from './types';

export const CREDENTIALS_KEY_FILE = 'credentials-key';

export function credentialsKeyPath(dataDir: string): string {
  return path.join(dataDir, CREDENTIALS_KEY_FILE);
}

/**
 * The key credentials are encrypted with: CREDENTIALS_KEY when set; otherwise a random key
 * generated once into DATA_DIR/credentials-key. Losing that file loses every credential,
 * so the warning says to set CREDENTIALS_KEY (and back the key up). Never logs the key.
 */
export function resolveCredentialsKey(config: Pick<Config, 'credentialsKey' | 'dataDir'>, logger: Pick<LogSink, 'warn'>): string {
  if (config.credentialsKey !== undefined) return config.credentialsKey;
  const keyPath = credentialsKeyPath(config.dataDir);
  const { key, created } = readOrCreateKeyFile(keyPath, 'credentials key');
  logger.warn(
    `CREDENTIALS_KEY is not set: credentials are encrypted with the ${created ? 'newly generated' : 'generated'} key stored in ${keyPath}; back it up or set CREDENTIALS_KEY, since credentials cannot be decrypted without it`,
    { keyFile: keyPath },
  );
  return key;
}
