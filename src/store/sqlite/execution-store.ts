import type { Database, Statement } from 'better-sqlite3';
import { AutomatorError, ConflictError, NotFoundError } from '../../errors';
import { emptyRunState } from '../../engine/run-state';
import type {
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  ExecutionSummary,
  StoredExecutionStatus,
} from '../types';
import {
  SUMMARY_COLUMNS,
  executionParams,
  isPatchableField,
  logParams,
  PATCH_COLUMNS,
  recordFromRows,
  summaryFromRow,
  type ExecutionParams,
  type ExecutionRow,
  type LogParams,
  type LogRow,
  type SummaryRow,
} from './execution-rows';

/** Executions still in progress are never pruned, however old. */
const UNPRUNABLE_STATUSES = "('queued', 'running', 'waiting')";
const NEWEST_FIRST = 'ORDER BY started_at DESC, id DESC';

type ColumnValue = string | number | null;

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

interface PendingSave {
  record: ExecutionRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Executions and their per-node logs in SQLite. Statements are prepared once; a save is one
 * transaction (upsert + replace logs), so readers never see an execution without its logs.
 * Saves asked for in the same turn of the event loop share one commit (group commit): each
 * record still lands whole or not at all (its own savepoint), and each caller's promise
 * settles only once the commit holding its record is done, so "saved" means as durable as
 * before; the commit's fixed cost (WAL frames for the shared index pages) is paid once.
 */
export class SqliteExecutionStore implements ExecutionStore {
  private readonly upsertExecution: Statement<ExecutionParams, { id: number }>;
  private readonly deleteLogs: Statement<[number]>;
  private readonly insertLog: Statement<LogParams>;
  private readonly selectExecution: Statement<[string], ExecutionRow>;
  private readonly selectLogs: Statement<[number], LogRow>;
  private readonly selectByRequestId: Statement<[string], SummaryRow>;
  private readonly selectWaiting: Statement<[], SummaryRow>;
  private readonly selectWaitingUntil: Statement<[number], SummaryRow>;
  private readonly selectByStatus: Statement<[string], SummaryRow>;
  private readonly updateStatus: Statement<[string, string, string]>;
  private readonly pruneOlderThan: Statement<[number]>;
  private readonly pruneBeyondNewest: Statement<[number]>;
  private readonly listStatements = new Map<string, { rows: Statement<ColumnValue[], SummaryRow>; count: Statement<ColumnValue[], { total: number }> }>();
  private readonly patchStatements = new Map<string, Statement<ColumnValue[]>>();
  private readonly saveTransaction: (record: ExecutionRecord) => void;
  private readonly saveBatch: (batch: PendingSave[]) => Array<{ pending: PendingSave; error?: unknown }>;
  private queued: PendingSave[] = [];

  constructor(private readonly db: Database) {
    const columns = Object.keys(executionParams(placeholderRecord()));
    this.upsertExecution = db.prepare(
      `INSERT INTO executions (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})
       ON CONFLICT (execution_id) DO UPDATE SET ${columns
         .filter((column) => column !== 'execution_id')
         .map((column) => `${column} = excluded.${column}`)
         .join(', ')}
       RETURNING id`,
    );
    this.deleteLogs = db.prepare('DELETE FROM execution_logs WHERE execution_id = ?');
    this.insertLog = db.prepare(
      `INSERT INTO execution_logs (execution_id, node_id, node_name, sequence, run_index, started_at, finished_at, status,
         input_data, output_data, error_message)
       VALUES (@execution_row_id, @node_id, @node_name, @sequence, @run_index, @started_at, @finished_at, @status,
         @input_data, @output_data, @error_message)`,
    );
    this.selectExecution = db.prepare('SELECT * FROM executions WHERE execution_id = ?');
    this.selectLogs = db.prepare(
      `SELECT node_id, node_name, sequence, run_index, started_at, finished_at, status, input_data, output_data, error_message
       FROM execution_logs WHERE execution_id = ? ORDER BY sequence, id`,
    );
    this.selectByRequestId = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE request_id = ?`);
    // `status = 'waiting'` spelled literally so the partial index on wait_till applies.
    this.selectWaiting = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = 'waiting' ORDER BY wait_till, id`,
    );
    this.selectWaitingUntil = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = 'waiting' AND wait_till <= ? ORDER BY wait_till, id`,
    );
    this.selectByStatus = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = ? ORDER BY started_at, id`,
    );
    this.updateStatus = db.prepare('UPDATE executions SET status = ? WHERE execution_id = ? AND status = ?');
    this.pruneOlderThan = db.prepare(
      `DELETE FROM executions WHERE started_at < ? AND status NOT IN ${UNPRUNABLE_STATUSES}`,
    );
    this.pruneBeyondNewest = db.prepare(
      `DELETE FROM executions WHERE status NOT IN ${UNPRUNABLE_STATUSES}
       AND id IN (SELECT id FROM executions ${NEWEST_FIRST} LIMIT -1 OFFSET ?)`,
    );
    this.saveTransaction = db.transaction((record: ExecutionRecord) => this.writeRecord(record));
    // Called inside the batch's transaction, saveTransaction becomes a savepoint: a record the
    // schema refuses (a request id already taken) rolls back alone and the others commit. Any
    // other failure (disk full, I/O) may have ended the transaction: the whole batch fails.
    this.saveBatch = db.transaction((batch: PendingSave[]) =>
      batch.map((pending) => {
        try {
          this.saveTransaction(pending.record);
          return { pending };
        } catch (error) {
          if (!isConstraintError(error)) throw error;
          return { pending, error };
        }
      }),
    );
  }

  save(record: ExecutionRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ record, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.flushSaves());
    });
  }

  private flushSaves(): void {
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    let outcomes: Array<{ pending: PendingSave; error?: unknown }>;
    try {
      outcomes = this.saveBatch(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      for (const pending of batch) pending.reject(this.explainSaveFailure(pending.record, error));
      return;
    }
    for (const { pending, error } of outcomes) {
      if (error === undefined) pending.resolve();
      else pending.reject(this.explainSaveFailure(pending.record, error));
    }
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const row = this.selectExecution.get(id);
    return row === undefined ? undefined : recordFromRows(row, this.selectLogs.all(row.id));
  }

  async list(query: ExecutionQuery): Promise<{ rows: ExecutionSummary[]; total: number }> {
    const filters: Array<[string, ColumnValue]> = [];
    if (query.canvasId !== undefined) filters.push(['canvas_id', query.canvasId]);
    if (query.status !== undefined) filters.push(['status', query.status]);
    const statements = this.listStatementsFor(filters.map(([column]) => column));
    const values = filters.map(([, value]) => value);
    const rows = statements.rows.all(...values, query.limit, query.offset).map(summaryFromRow);
    const total = statements.count.get(...values)?.total ?? 0;
    return { rows, total };
  }

  async findByRequestId(requestId: string): Promise<ExecutionSummary | undefined> {
    const row = this.selectByRequestId.get(requestId);
    return row === undefined ? undefined : summaryFromRow(row);
  }

  async listWaiting(until?: Date): Promise<ExecutionSummary[]> {
    const rows = until === undefined ? this.selectWaiting.all() : this.selectWaitingUntil.all(until.getTime());
    return rows.map(summaryFromRow);
  }

  async listByStatus(status: StoredExecutionStatus): Promise<ExecutionSummary[]> {
    return this.selectByStatus.all(status).map(summaryFromRow);
  }

  async transition(id: string, from: StoredExecutionStatus, to: StoredExecutionStatus): Promise<boolean> {
    return this.updateStatus.run(to, id, from).changes === 1;
  }

  /** A field present with the value `undefined` clears its column (e.g. `waitTill` on resume). */
  async patch(id: string, fields: Partial<ExecutionSummary>): Promise<void> {
    const keys = Object.keys(fields).filter((key) => key !== 'id');
    const unknown = keys.find((key) => !isPatchableField(key));
    if (unknown !== undefined) throw new AutomatorError(`Cannot patch field '${unknown}' of execution ${id}`);
    if (keys.length === 0) return;
    const patchable = keys.filter(isPatchableField);
    const values = patchable.map((key) => PATCH_COLUMNS[key].toColumn(fields[key]));
    const changes = this.patchStatementFor(patchable.map((key) => PATCH_COLUMNS[key].column)).run(...values, id).changes;
    if (changes === 0) throw new NotFoundError(`Execution ${id} not found`);
  }

  async prune(options: { before?: Date; keep?: number }): Promise<number> {
    const { before, keep } = options;
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 0)) {
      throw new AutomatorError(`Cannot prune executions: keep must be a non-negative integer, got ${keep}`);
    }
    return this.db.transaction(() => {
      let deleted = 0;
      if (before !== undefined) deleted += this.pruneOlderThan.run(before.getTime()).changes;
      if (keep !== undefined) deleted += this.pruneBeyondNewest.run(keep).changes;
      return deleted;
    })();
  }

  async close(): Promise<void> {
    // Saves asked for just before closing are written first.
    this.flushSaves();
    if (this.db.open) this.db.close();
  }

  private writeRecord(record: ExecutionRecord): void {
    const row = this.upsertExecution.get(executionParams(record));
    if (row === undefined) throw new AutomatorError(`Saving execution ${record.id} returned no row`);
    this.deleteLogs.run(row.id);
    for (const log of record.logs) this.insertLog.run(logParams(row.id, log));
  }

  private explainSaveFailure(record: ExecutionRecord, error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && record.requestId !== undefined) {
      const owner = this.selectByRequestId.get(record.requestId);
      if (owner !== undefined && owner.execution_id !== record.id) {
        return new ConflictError(
          `Request id '${record.requestId}' already belongs to execution ${owner.execution_id}, not ${record.id}`,
        );
      }
    }
    return error;
  }

  private listStatementsFor(columns: string[]) {
    const key = columns.join(',');
    let statements = this.listStatements.get(key);
    if (statements === undefined) {
      const where = columns.length === 0 ? '' : `WHERE ${columns.map((column) => `${column} = ?`).join(' AND ')}`;
      statements = {
        rows: this.db.prepare<ColumnValue[], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM executions ${where} ${NEWEST_FIRST} LIMIT ? OFFSET ?`),
        count: this.db.prepare<ColumnValue[], { total: number }>(`SELECT count(*) AS total FROM executions ${where}`),
      };
      this.listStatements.set(key, statements);
    }
    return statements;
  }

  private patchStatementFor(columns: string[]): Statement<ColumnValue[]> {
    const key = columns.join(',');
    let statement = this.patchStatements.get(key);
    if (statement === undefined) {
      const assignments = columns.map((column) => `${column} = ?`).join(', ');
      statement = this.db.prepare<ColumnValue[]>(`UPDATE executions SET ${assignments} WHERE execution_id = ?`);
      this.patchStatements.set(key, statement);
    }
    return statement;
  }
}

/** Only its keys are used: the upsert's column list follows `executionParams` exactly. */
function placeholderRecord(): ExecutionRecord {
  return {
    id: '',
    canvasId: '',
    workflowId: '',
    mode: 'manual',
    status: 'running',
    finished: false,
    startedAt: new Date(0),
    workflowData: { nodes: [], connections: {} },
    data: emptyRunState(),
    logs: [],
  };
}
