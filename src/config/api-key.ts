import path from 'node:path';
import type { LogSink } from '../logging/logger';
import { readOrCreateKeyFile } from './key-file';
import type { Config } from './types';

export const GENERATED_KEY_FILE = 'sidecar-api-key';

/**
 * The key management routes require. SIDECAR_API_KEY when set; otherwise a random 32-byte
 * key generated once and kept in DATA_DIR, so a fresh start is never an open service. The
 * log says where the key is, never the key.
 */
export function resolveApiKey(config: Pick<Config, 'sidecarApiKey' | 'dataDir'>, logger: Pick<LogSink, 'warn'>): string {
  if (config.sidecarApiKey !== undefined) return config.sidecarApiKey;
  const keyPath = path.join(config.dataDir, GENERATED_KEY_FILE);
  const { key } = readOrCreateKeyFile(keyPath, 'API key');
  logger.warn(`SIDECAR_API_KEY is not set: management routes use the generated key stored in ${keyPath}`, {
    keyFile: keyPath,
  });
  return key;
}
