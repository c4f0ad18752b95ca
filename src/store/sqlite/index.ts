export { openSqliteStore } from './sqlite-store';
export type { SqliteStore } from './sqlite-store';
export { SqliteExecutionStore } from './execution-store';
export { SqliteActivationStore } from './activation-store';
export { SqliteStateStore } from './state-store';
export { openDatabase, SQLITE_FILE_NAME } from './open-database';
export { MIGRATIONS, migrate, schemaVersion } from './migrations';
export { SqliteCredentialStore } from './credential-store';
export { SqliteChatMemoryStore } from './chat-memory-store';
