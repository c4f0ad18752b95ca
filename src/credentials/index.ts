import { resolveCredentialsKey, type Config } from '../config';
import type { LogSink } from '../logging/logger';
import type { CredentialStore } from '../store/types';
import { CredentialCipher } from './cipher';
import { CredentialVault } from './vault';

export { CredentialCipher } from './cipher';
export { CredentialVault } from './vault';
export { importN8nCredentials, n8nCredentialExportSchema } from './n8n-import';
export type { ImportReport } from './n8n-import';
export type { CredentialDescription, CredentialFieldState, CredentialSummary, NewCredential } from './vault';
export { newCredentialId } from './credential-id';

/** The vault over `store`, keyed by CREDENTIALS_KEY or the generated key file. */
export function openCredentialVault(config: Pick<Config, 'credentialsKey' | 'dataDir'>, store: CredentialStore, logger: Pick<LogSink, 'warn'>): CredentialVault {
  return new CredentialVault(store, new CredentialCipher(resolveCredentialsKey(config, logger)));
}
export { rotateCredentialsKey } from './rotate-key';
