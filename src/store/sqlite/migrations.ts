import type { Database } from 'better-sqlite3';
import { AutomatorError } from '../../errors';

/**
 * Schema changes in order; `PRAGMA user_version` counts those applied. Append only: an
 * applied migration is never edited. Column names mirror Odoo's `executions` and
 * `execution_logs` so the two stores read alike. Times are epoch milliseconds.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE executions (
    id INTEGER PRIMARY KEY,
    execution_id TEXT NOT NULL UNIQUE,
    canvas_id TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL,
    stopped_at INTEGER,
    -- seconds, as Odoo's computed field
    duration REAL GENERATED ALWAYS AS ((stopped_at - started_at) / 1000.0) VIRTUAL,
    wait_till INTEGER,
    resume_url TEXT,
    retry_of TEXT,
    retry_success_id TEXT,
    parent_execution_id TEXT,
    request_id TEXT UNIQUE,
    workflow_snapshot TEXT NOT NULL,
    execution_data TEXT NOT NULL,
    error_message TEXT
  );
  CREATE INDEX executions_canvas_newest ON executions (canvas_id, started_at DESC, id DESC);
  CREATE INDEX executions_newest ON executions (started_at DESC, id DESC);
  CREATE INDEX executions_status ON executions (status, started_at DESC);
  CREATE INDEX executions_waiting ON executions (wait_till) WHERE status = 'waiting';

  CREATE TABLE execution_logs (
    id INTEGER PRIMARY KEY,
    execution_id INTEGER NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    node_id TEXT,
    node_name TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    run_index INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    -- milliseconds, as Odoo's computed field
    duration REAL GENERATED ALWAYS AS (finished_at - started_at) VIRTUAL,
    status TEXT NOT NULL,
    input_data TEXT,
    output_data TEXT,
    error_message TEXT
  );
  CREATE INDEX execution_logs_execution ON execution_logs (execution_id, sequence);

  CREATE TABLE workflow_activation (
    canvas_id TEXT PRIMARY KEY,
    active INTEGER NOT NULL,
    activated_at INTEGER
  );

  CREATE TABLE trigger_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  -- Credentials: their fields only as AES-256-GCM ciphertext made by the service.
  CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    ciphertext TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX credentials_by_name ON credentials (type, name);
  `,
  `
  -- Partial runs: the execution whose saved items they started from.
  ALTER TABLE executions ADD COLUMN partial_of TEXT;
  `,
  `
  -- Queue mode: the worker that ran the execution.
  ALTER TABLE executions ADD COLUMN worker TEXT;
  `,
];

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date. Runs under an immediate (write-locking) transaction, which
 * reads the version again, so two processes opening the same file at once do not both apply
 * a step (the second finds it done).
 */
export function migrate(db: Database, migrations: readonly string[] = MIGRATIONS): void {
  // Up to date (every start but the first after an upgrade): no write lock taken, so a process
  // starting beside busy ones (queue mode) does not queue for the lock at all.
  if (schemaVersion(db) === migrations.length) return;
  db.transaction(() => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new AutomatorError(
        `The database ${db.name} has schema version ${current}, newer than this service knows (${migrations.length}): upgrade the service`,
      );
    }
    for (let version = current; version < migrations.length; version += 1) {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}
