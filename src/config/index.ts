export { loadConfig, loadDotenv } from './load-config';
export type { EnvSource, LoadConfigOptions } from './load-config';
export { resolveApiKey, GENERATED_KEY_FILE } from './api-key';
export { resolveCredentialsKey, credentialsKeyPath, CREDENTIALS_KEY_FILE } from './credentials-key';
export { replaceKeyFile } from './key-file';
export { ConfigError } from './config-error';
export { ODOO_TRANSPORTS } from './types';
export type { Config, OdooConfig, OdooTransport, PruneConfig, QueueConfig } from './types';
