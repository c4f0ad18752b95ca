import type { OdooClient } from '../../odoo/client';
import type { OdooLogger } from '../../odoo/config';
import { errorMessage } from '../../errors';
import type { Outbox } from '../../odoo/outbox';
import type { ExecutionRecord, ExecutionSummary } from '../types';
import { BatchDelivery, isBlocking, type NodeRefResolver } from './delivery';
import { ExecutionIdMap } from './id-map';
import { encodePatch, PATCH, patchKey, type PendingOp, PendingOpCache, SAVE } from './pending-ops';
import { serializeRecord } from './record-codec';

export interface ExecutionWriterOptions {
  client: OdooClient;
  outbox: Outbox;
  nodeRefs: NodeRefResolver;
  /** How long a write waits for others to share its call. Default 20 ms. */
  batchWindowMs?: number;
  /** Most executions per call. Default 50. */
  maxBatch?: number;
  /** Use the addon's set-based `executions.ingest_batch` when it has one (default true). */
  bulkIngest?: boolean;
  /** First wait after Odoo failed, doubled up to `retryMaxMs`. Defaults 250 ms and 30 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  logger?: OdooLogger;
  /** Told when Odoo refused a record for good (it is kept in the outbox's dead letters). */
  onRejected?: (executionId: string, error: unknown) => void;
}

export interface WriterStatus {
  pending: number;
  deadLetters: number;
  /** False after a failed delivery, until one succeeds. */
  odooReachable: boolean;
  lastError?: string;
}

/** The status with what bounds the backlog: its age and its size on disk. */
export interface WriterBacklog extends WriterStatus {
  /** When the oldest undelivered write was accepted; absent when nothing waits. */
  oldestPendingAt?: Date;
  /** Size of the outbox file (database and write-ahead log). */
  fileBytes: number;
}

/**
 * Accepts execution writes at once (durably, in the outbox) and delivers them to Odoo in the
 * background, grouped: writes arriving within `batchWindowMs` share one call, and a record
 * saved twice before delivery (running, then success) is sent once. When Odoo is down the
 * outbox keeps everything and delivery resumes, in order, once it answers again.
 */
export class ExecutionWriter {
  private readonly outbox: Outbox;
  private readonly ops = new PendingOpCache();
  private readonly delivery: BatchDelivery;
  private readonly ids: ExecutionIdMap;
  private readonly batchWindowMs: number;
  private readonly maxBatch: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private backoffMs = 0;
  private closed = false;
  private lastError?: string;
  /** Deliveries and refusals so far: a round that changes neither is a failure, not a loop. */
  private settledOps = 0;

  constructor(private readonly options: ExecutionWriterOptions) {
    this.outbox = options.outbox;
    this.batchWindowMs = options.batchWindowMs ?? 20;
    this.maxBatch = options.maxBatch ?? 50;
    this.retryInitialMs = options.retryInitialMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.ids = new ExecutionIdMap(options.outbox);
    this.delivery = new BatchDelivery({
      client: options.client,
      ids: this.ids,
      nodeRefs: options.nodeRefs,
      markSuspect: (op) => this.outbox.markSuspect(op.entry.key),
      logger: options.logger,
      bulkIngest: options.bulkIngest,
      hooks: {
        delivered: (op) => this.delivered(op),
        rejected: (op, error) => this.rejected(op, error),
      },
    });
    // Leftovers of an earlier process go out first.
    if (this.outbox.size > 0) this.schedule(0);
  }

  /** Accepts a whole execution; it is on disk when this returns. */
  acceptSave(record: ExecutionRecord): void {
    this.outbox.put(record.id, SAVE, serializeRecord(record));
    this.schedule();
  }

  /** Accepts a change of some fields; merged into a pending save of the same execution if any. */
  acceptPatch(executionId: string, fields: Partial<ExecutionSummary>): void {
    const pending = this.pendingRecord(executionId);
    if (pending) {
      this.acceptSave({ ...pending, ...fields, id: executionId });
      return;
    }
    const key = patchKey(executionId);
    const earlier = this.outbox.get(key);
    const merged = earlier ? { ...(this.ops.decode(earlier) as Extract<PendingOp, { kind: 'patch' }>).fields, ...fields } : fields;
    this.outbox.put(key, PATCH, encodePatch(executionId, merged));
    this.schedule();
  }

  /** The newest accepted, undelivered version of an execution (read-your-writes). */
  pendingRecord(executionId: string): ExecutionRecord | undefined {
    const entry = this.outbox.get(executionId);
    if (!entry) return undefined;
    const op = this.ops.decode(entry);
    return op.kind === 'save' ? structuredClone(op.record) : undefined;
  }

  pendingPatch(executionId: string): Partial<ExecutionSummary> | undefined {
    const entry = this.outbox.get(patchKey(executionId));
    if (!entry) return undefined;
    const op = this.ops.decode(entry);
    return op.kind === 'patch' ? { ...op.fields } : undefined;
  }

  /** Every undelivered execution (saves only; patches apply to records Odoo already has). */
  pendingRecords(): ExecutionRecord[] {
    return this.outbox
      .all()
      .filter((entry) => entry.kind === SAVE)
      .map((entry) => structuredClone((this.ops.decode(entry) as Extract<PendingOp, { kind: 'save' }>).record));
  }

  /** Whether Odoo is known to hold this execution already (its record id was learnt). */
  isInOdoo(executionId: string): boolean {
    return this.ids.get(executionId) !== undefined;
  }

  status(): WriterStatus {
    return {
      pending: this.outbox.size,
      deadLetters: this.outbox.deadLetterCount(),
      odooReachable: this.backoffMs === 0,
      lastError: this.lastError,
    };
  }

  backlog(): WriterBacklog {
    const oldest = this.outbox.oldestAcceptedAt();
    const { lastError, ...status } = this.status();
    return {
      ...status,
      ...(oldest === undefined ? {} : { oldestPendingAt: new Date(oldest) }),
      fileBytes: this.outbox.fileBytes(),
      ...(lastError === undefined ? {} : { lastError }),
    };
  }

  /**
   * Delivers what is pending now, without waiting for the batch window or the retry delay.
   * Resolves when the outbox is empty or a delivery failed (then `status().pending` > 0).
   */
  async flush(): Promise<WriterStatus> {
    while (this.running) await this.running;
    this.clearTimer();
    if (this.outbox.size > 0 && !this.closed) await this.run();
    return this.status();
  }

  /** Stops background delivery after one last attempt; what is left stays in the outbox. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.clearTimer();
  }

  private schedule(delayMs?: number): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const full = this.outbox.size >= this.maxBatch && this.backoffMs === 0;
    if (this.timer && !full) return;
    this.clearTimer();
    const delay = delayMs ?? (this.backoffMs > 0 ? this.backoffMs : full ? 0 : this.batchWindowMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
    // Pending deliveries must not keep a finished process (or a test) alive: the outbox is on disk.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): Promise<void> {
    const running = this.deliverAll().finally(() => {
      this.running = undefined;
      if (this.again && this.outbox.size > 0) this.schedule(this.backoffMs > 0 ? this.backoffMs : 0);
      this.again = false;
    });
    this.running = running;
    return running;
  }

  private async deliverAll(): Promise<void> {
    while (this.outbox.size > 0 && !this.closed) {
      const batch = this.outbox.oldest(this.maxBatch).map((entry) => this.ops.decode(entry));
      const settledBefore = this.settledOps;
      try {
        await this.delivery.deliver(batch);
        if (this.settledOps === settledBefore) {
          throw new Error(`No progress delivering ${batch.length} outbox entries (first: ${batch[0]?.executionId})`);
        }
      } catch (error) {
        this.failed(error);
        return;
      }
      this.lastError = undefined;
      if (this.backoffMs > 0) this.options.logger?.warn('Odoo is reachable again; outbox delivering', {});
      this.backoffMs = 0;
    }
    if (this.outbox.size === 0) this.compact();
  }

  /** Drained: give the space a burst took back to the disk (the file never shrinks by itself). */
  private compact(): void {
    try {
      if (this.outbox.compactIfDrained()) this.options.logger?.debug('outbox drained and compacted', { bytes: this.outbox.fileBytes() });
    } catch (error) {
      // A failed VACUUM loses nothing (SQLite rolls it back): the file stays as large as it was.
      this.options.logger?.warn('could not compact the drained outbox', { error: errorMessage(error) });
    }
  }

  private failed(error: unknown): void {
    this.lastError = errorMessage(error);
    this.backoffMs = this.backoffMs === 0 ? this.retryInitialMs : Math.min(this.backoffMs * 2, this.retryMaxMs);
    this.options.logger?.warn('Odoo write failed; executions kept in the outbox', {
      pending: this.outbox.size,
      retryInMs: this.backoffMs,
      error: this.lastError,
      blocking: isBlocking(error),
    });
    this.again = true;
  }

  private delivered(op: PendingOp): void {
    this.settledOps += 1;
    if (this.outbox.remove(op.entry.key, op.entry.version)) this.ops.forget(op.entry.key);
  }

  private rejected(op: PendingOp, error: unknown): void {
    this.settledOps += 1;
    this.options.logger?.warn('Odoo refused an execution write; moved to the dead letters', {
      execution: op.executionId,
      kind: op.kind,
      error: errorMessage(error),
    });
    this.outbox.deadLetter(op.entry, errorMessage(error));
    this.ops.forget(op.entry.key);
    this.options.onRejected?.(op.executionId, error);
  }
}
