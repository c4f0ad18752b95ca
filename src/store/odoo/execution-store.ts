import { BadRequestError } from '../../errors';
import type { JsonValue } from '../../workflow/json';
import type { OdooClient } from '../../odoo/client';
import type { OdooLogger } from '../../odoo/config';
import { toOdooDatetime } from '../../odoo/datetime';
import { Outbox } from '../../odoo/outbox';
import type {
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  ExecutionSummary,
  StoredExecutionStatus,
} from '../types';
import { summaryOf } from '../summary';
import type { NodeRefResolver } from './delivery';
import {
  EXECUTION_RECORD_SPEC,
  EXECUTION_SUMMARY_SPEC,
  type ExecutionRow,
  recordFromRow,
  summaryFromRow,
} from './execution-mapping';
import { ExecutionWriter, type WriterBacklog, type WriterStatus } from './execution-writer';

export interface OdooExecutionStoreOptions {
  client: OdooClient;
  /** Holds the outbox (`odoo-outbox.sqlite`). */
  dataDir: string;
  /** Node name -> `nodes` record per canvas, for logs' `node_id` (OdooWorkflowStore.nodeRefs). */
  nodeRefs?: NodeRefResolver;
  batchWindowMs?: number;
  /** Most executions per call (ODOO_WRITE_BATCH). */
  maxBatch?: number;
  /** Calls to Odoo in flight at once (ODOO_WRITE_CONCURRENCY). */
  concurrency?: number;
  /** Use the addon's set-based `executions.ingest_batch` when it has one (default true). */
  bulkIngest?: boolean;
  retryInitialMs?: number;
  retryMaxMs?: number;
  durability?: 'normal' | 'full';
  logger?: OdooLogger;
  onRejected?: (executionId: string, error: unknown) => void;
}

const MODEL = 'executions';
const NEWEST_FIRST = 'started_at desc, id desc';
// Executions that may still change are never pruned (n8n prunes finished ones only).
const UNPRUNABLE: JsonValue[] = ['running', 'waiting', 'queued'];
const PRUNE_CHUNK = 500;

function newestFirst(a: ExecutionSummary, b: ExecutionSummary): number {
  return b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Executions in Odoo's `executions`/`execution_logs`. Writes go through the durable outbox
 * (see ExecutionWriter): `save` returns once the record is on disk, and every read here
 * also sees what is still waiting there.
 */
export class OdooExecutionStore implements ExecutionStore {
  private readonly client: OdooClient;
  private readonly outbox: Outbox;
  private readonly writer: ExecutionWriter;

  constructor(options: OdooExecutionStoreOptions) {
    this.client = options.client;
    this.outbox = new Outbox({ dataDir: options.dataDir, durability: options.durability });
    this.writer = new ExecutionWriter({
      client: options.client,
      outbox: this.outbox,
      nodeRefs: options.nodeRefs ?? (async () => new Map()),
      batchWindowMs: options.batchWindowMs,
      maxBatch: options.maxBatch,
      concurrency: options.concurrency,
      bulkIngest: options.bulkIngest,
      retryInitialMs: options.retryInitialMs,
      retryMaxMs: options.retryMaxMs,
      logger: options.logger,
      onRejected: options.onRejected,
    });
  }

  /** Resolves once the record is on disk (the outbox); Odoo gets it within the batch window. */
  async save(record: ExecutionRecord): Promise<void> {
    // Refused now rather than by Odoo later, when the caller can still be told.
    if (!/^\d+$/.test(record.canvasId)) {
      throw new BadRequestError(`Execution ${record.id}: canvasId "${record.canvasId}" is not an Odoo canvas record id`);
    }
    this.writer.acceptSave(record);
  }

  /** A small real write to the outbox file; throws while it cannot write (disk full...). */
  async probeWrite(): Promise<void> {
    this.outbox.probeWrite();
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const pending = this.writer.pendingRecord(id);
    if (pending) return pending;
    const { records } = await this.client.webSearchRead<ExecutionRow>(
      MODEL,
      [['execution_id', '=', id]],
      EXECUTION_RECORD_SPEC,
      { limit: 1 },
    );
    const row = records[0];
    return row ? { ...recordFromRow(row), ...this.writer.pendingPatch(id) } : undefined;
  }

  async list(query: ExecutionQuery): Promise<{ rows: ExecutionSummary[]; total: number }> {
    const domain: JsonValue[] = [];
    if (query.canvasId !== undefined) domain.push(['canvas_id', '=', Number(query.canvasId)]);
    if (query.status !== undefined) domain.push(['status', '=', query.status]);
    const matches = (summary: ExecutionSummary): boolean =>
      (query.canvasId === undefined || summary.canvasId === query.canvasId) &&
      (query.status === undefined || summary.status === query.status);
    const { records, length } = await this.client.webSearchRead<ExecutionRow>(MODEL, domain, EXECUTION_SUMMARY_SPEC, {
      limit: query.offset + query.limit,
      order: NEWEST_FIRST,
    });
    const merged = this.mergePending(records.map(summaryFromRow), matches);
    return {
      rows: merged.rows.slice(query.offset, query.offset + query.limit),
      total: length + merged.added,
    };
  }

  async findByRequestId(requestId: string): Promise<ExecutionSummary | undefined> {
    const pending = this.writer.pendingRecords().find((record) => record.requestId === requestId);
    if (pending) return summaryOf(pending);
    const { records } = await this.client.webSearchRead<ExecutionRow>(
      MODEL,
      [['request_id', '=', requestId]],
      EXECUTION_SUMMARY_SPEC,
      { limit: 1 },
    );
    return records[0] ? this.withPendingPatch(summaryFromRow(records[0])) : undefined;
  }

  async listWaiting(until?: Date): Promise<ExecutionSummary[]> {
    const domain: JsonValue[] = [['status', '=', 'waiting']];
    if (until) domain.push(['wait_till', '<=', toOdooDatetime(until)]);
    const due = (summary: ExecutionSummary): boolean =>
      summary.status === 'waiting' && (!until || (summary.waitTill !== undefined && summary.waitTill <= until));
    return this.query(domain, due);
  }

  async listByStatus(status: StoredExecutionStatus): Promise<ExecutionSummary[]> {
    return this.query([['status', '=', status]], (summary) => summary.status === status);
  }

  /**
   * Compare-and-set on the status, decided here: atomic among the callers of this store,
   * not between two sidecars sharing one Odoo (that needs a server-side method).
   */
  async transition(id: string, from: StoredExecutionStatus, to: StoredExecutionStatus): Promise<boolean> {
    const current = this.writer.pendingRecord(id)?.status ?? this.writer.pendingPatch(id)?.status ?? (await this.statusInOdoo(id));
    // Re-check after the await: a concurrent caller may have won meanwhile (its patch is pending now).
    const now = this.writer.pendingRecord(id)?.status ?? this.writer.pendingPatch(id)?.status ?? current;
    if (now !== from) return false;
    this.writer.acceptPatch(id, { status: to });
    return true;
  }

  async patch(id: string, fields: Partial<ExecutionSummary>): Promise<void> {
    this.writer.acceptPatch(id, fields);
  }

  async prune(options: { before?: Date; keep?: number }): Promise<number> {
    const finished: JsonValue[] = [['status', 'not in', UNPRUNABLE]];
    const ids = new Set<number>();
    if (options.before) {
      const old = await this.client.search(MODEL, [...finished, ['started_at', '<', toOdooDatetime(options.before)]]);
      old.forEach((id) => ids.add(id));
    }
    if (options.keep !== undefined) {
      const beyond = await this.client.search(MODEL, finished, { offset: options.keep, order: NEWEST_FIRST });
      beyond.forEach((id) => ids.add(id));
    }
    const all = [...ids];
    for (let start = 0; start < all.length; start += PRUNE_CHUNK) {
      await this.client.unlink(MODEL, all.slice(start, start + PRUNE_CHUNK));
    }
    return all.length;
  }

  /** Sends what is pending now; resolves when the outbox is empty or Odoo failed. */
  flush(): Promise<WriterStatus> {
    return this.writer.flush();
  }

  status(): WriterStatus {
    return this.writer.status();
  }

  /** The status with the backlog's age and file size (OUTBOX_MAX_PENDING admission, /outbox). */
  backlog(): WriterBacklog {
    return this.writer.backlog();
  }

  async close(): Promise<void> {
    await this.writer.close();
    this.outbox.close();
  }

  private async statusInOdoo(id: string): Promise<StoredExecutionStatus | undefined> {
    const rows = await this.client.searchRead<{ id: number; status: StoredExecutionStatus }>(
      MODEL,
      [['execution_id', '=', id]],
      { fields: ['status'], limit: 1 },
    );
    return rows[0]?.status;
  }

  private async query(domain: JsonValue[], matches: (summary: ExecutionSummary) => boolean): Promise<ExecutionSummary[]> {
    const { records } = await this.client.webSearchRead<ExecutionRow>(MODEL, domain, EXECUTION_SUMMARY_SPEC, {
      order: NEWEST_FIRST,
    });
    return this.mergePending(records.map(summaryFromRow), matches).rows;
  }

  private withPendingPatch(summary: ExecutionSummary): ExecutionSummary {
    return { ...summary, ...this.writer.pendingPatch(summary.id) };
  }

  /**
   * Odoo's rows overlaid with what waits in the outbox: newer versions replace rows (and drop
   * them when they no longer match), new executions are added. `added` corrects the total.
   */
  private mergePending(
    rows: ExecutionSummary[],
    matches: (summary: ExecutionSummary) => boolean,
  ): { rows: ExecutionSummary[]; added: number } {
    const pending = new Map(this.writer.pendingRecords().map((record) => [record.id, summaryOf(record)]));
    const merged: ExecutionSummary[] = [];
    for (const row of rows) {
      const newer = pending.get(row.id) ?? this.withPendingPatch(row);
      pending.delete(row.id);
      if (matches(newer)) merged.push(newer);
    }
    let added = 0;
    for (const summary of pending.values()) {
      if (!matches(summary)) continue;
      merged.push(summary);
      if (!this.writer.isInOdoo(summary.id)) added += 1;
    }
    return { rows: merged.sort(newestFirst), added };
  }
}
