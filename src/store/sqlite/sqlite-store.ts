import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { SqliteActivationStore } from './activation-store';
import { SqliteCredentialStore } from './credential-store';
import { SqliteExecutionStore } from './execution-store';
import { openDatabase, SQLITE_FILE_NAME } from './open-database';
import { SqliteStateStore } from './state-store';
import { SqliteChatMemoryStore } from './chat-memory-store';

/** The embedded store: one SQLite file behind the three store facets. */
export interface SqliteStore {
  readonly file: string;
  readonly executions: SqliteExecutionStore;
  readonly activation: SqliteActivationStore;
  readonly state: SqliteStateStore;
  readonly credentials: SqliteCredentialStore;
  /** Chat histories of memory sub-nodes (embedded mode). */
  readonly chatMemory: SqliteChatMemoryStore;
  /** A small real write (a page-sized probe row); throws while the database cannot write. */
  probeWrite(): Promise<void>;
  /** Closes the shared database (the execution store's `close` does the same). */
  close(): Promise<void>;
}

/**
 * A page of random bytes written over the probe row: it needs new WAL space like a real
 * save does, so it fails on a full disk and succeeds once a save would.
 */
function probeWriter(db: Database): () => Promise<void> {
  let ready = false;
  return async () => {
    if (!ready) {
      db.exec('CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, written_at INTEGER NOT NULL, pad BLOB NOT NULL)');
      ready = true;
    }
    db.prepare('INSERT OR REPLACE INTO store_probe (id, written_at, pad) VALUES (1, ?, randomblob(4096))').run(Date.now());
  };
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
    chatMemory: new SqliteChatMemoryStore(db),
    probeWrite: probeWriter(db),
    close: () => executions.close(),
  };
}
