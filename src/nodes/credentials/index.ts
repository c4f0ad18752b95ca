export { credentialTypeInfo, credentialTypes, withCredentialDefaults } from './catalogue';
export type { CredentialField, CredentialFieldKind, CredentialTypeInfo } from './catalogue';
export { loadNodeCredentials, updateNodeCredentials } from './node-credentials';
export type { NodeCredentialsScope } from './node-credentials';
