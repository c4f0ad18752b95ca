import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { SqliteActivationStore } from './activation-store';
import { SqliteCredentialStore } from './credential-store';
import { SqliteExecutionStore } from './execution-store';
import { openDatabase, SQLITE_FILE_NAME } from './open-database';
import { SqliteStateStore } from './state-store';

/** The embedded store: one SQLite file behind the three store facets. */
export interface SqliteStore {
  readonly file: string;
  readonly executions: SqliteExecutionStore;
  readonly activation: SqliteActivationStore;
  readonly state: SqliteStateStore;
  readonly credentials: SqliteCredentialStore;
  /** Closes the shared database (the execution store's `close` does the same). */
  close(): Promise<void>;
}

/** Opens DATA_DIR/automator.sqlite, or `file` when given (':memory:' for tests). */
export function openSqliteStore(options: { dataDir: string } | { file: string }): SqliteStore {
  const file = 'file' in options ? options.file : path.join(options.dataDir, SQLITE_FILE_NAME);
  const db: Database = openDatabase(file);
  const executions = new SqliteExecutionStore(db);
  return {
    file,
    executions,
    activation: new SqliteActivationStore(db),
    state: new SqliteStateStore(db),
    credentials: new SqliteCredentialStore(db),
    close: () => executions.close(),
  };
}
