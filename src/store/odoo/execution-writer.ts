import type { OdooClient } from '../../odoo/client';
import type { OdooLogger } from '../../odoo/config';
import { errorMessage } from '../../errors';
import type { Outbox } from '../../odoo/outbox';
import type { ExecutionRecord, ExecutionSummary } from '../types';
import { BatchDelivery, isBlocking, type NodeRefResolver } from './delivery';
import { REFERENCE_KEYS } from './execution-mapping';
import { ExecutionIdMap } from './id-map';
import { encodePatch, PATCH, patchKey, type PendingOp, PendingOpCache, SAVE } from './pending-ops';
import { serializeRecord } from './record-codec';

export interface ExecutionWriterOptions {
  client: OdooClient;
  outbox: Outbox;
  nodeRefs: NodeRefResolver;
  /** How long a write waits for others to share its call. Default 20 ms. */
  batchWindowMs?: number;
  /** Most executions per call. Default 200. */
  maxBatch?: number;
  /** Batches in flight at once (each one call to Odoo, on disjoint executions). Default 2. */
  concurrency?: number;
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

export const DEFAULT_WRITE_BATCH = 200;
export const DEFAULT_WRITE_CONCURRENCY = 2;

/** The execution an outbox entry is about (a save's key is its id, a patch's key says so). */
function executionOf(op: PendingOp): string {
  return op.executionId;
}

/**
 * Accepts execution writes at once (durably, in the outbox) and delivers them to Odoo in the
 * background, grouped: writes arriving within `batchWindowMs` share one call, and a record
 * saved twice before delivery (running, then success) is sent once. Up to `concurrency`
 * batches are in flight at once (Odoo's workers take them in parallel), never two of the same
 * execution, nor one whose parent/retry it points at is still in flight. When Odoo is down the
 * outbox keeps everything and delivery resumes, in order, once it answers again.
 */
export class ExecutionWriter {
  private readonly outbox: Outbox;
  private readonly ops = new PendingOpCache();
  private readonly delivery: BatchDelivery;
  private readonly ids: ExecutionIdMap;
  private readonly batchWindowMs: number;
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private timer?: NodeJS.Timeout;
  /** Delivery lanes running: each takes batches until nothing it may take is left. */
  private readonly lanes = new Set<Promise<void>>();
  /** Executions whose batch is in flight: no other lane takes them (nor what points at them). */
  private readonly inFlight = new Set<string>();
  /** Outbox entries in the batches in flight. */
  private inFlightEntries = 0;
  private backoffMs = 0;
  private closed = false;
  private lastError?: string;
  /** Entries delivered or refused: a batch that settles none of its own is a failure, not a loop. */
  private readonly settled = new WeakSet<object>();

  constructor(private readonly options: ExecutionWriterOptions) {
    this.outbox = options.outbox;
    this.batchWindowMs = options.batchWindowMs ?? 20;
    this.maxBatch = options.maxBatch ?? DEFAULT_WRITE_BATCH;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
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
      atomically: (work) => this.outbox.transaction(work),
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
    while (this.lanes.size > 0) await Promise.all([...this.lanes]);
    this.clearTimer();
    if (this.outbox.size > 0 && !this.closed) {
      await this.startLane();
      while (this.lanes.size > 0) await Promise.all([...this.lanes]);
    }
    return this.status();
  }

  /** Stops background delivery after one last attempt; what is left stays in the outbox. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.clearTimer();
  }

  /** Entries no lane has taken yet (an upper bound: some may wait for an execution in flight). */
  private waiting(): number {
    return this.outbox.size - this.inFlightEntries;
  }

  private schedule(delayMs?: number): void {
    if (this.closed || this.lanes.size >= this.concurrency || this.waiting() <= 0) return;
    // While Odoo fails, one lane at a time retries, after the back-off.
    if (this.backoffMs > 0 && this.lanes.size > 0) return;
    const full = this.waiting() >= this.maxBatch && this.backoffMs === 0;
    if (this.timer && !full) return;
    this.clearTimer();
    const delay = delayMs ?? (this.backoffMs > 0 ? this.backoffMs : full ? 0 : this.batchWindowMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.startLane();
    }, delay);
    // Pending deliveries must not keep a finished process (or a test) alive: the outbox is on disk.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startLane(): Promise<void> {
    const lane: Promise<void> = this.deliverAll().finally(() => {
      this.lanes.delete(lane);
      if (this.waiting() > 0) this.schedule(this.backoffMs > 0 ? this.backoffMs : 0);
      else if (this.lanes.size === 0 && this.outbox.size === 0) this.compact();
    });
    this.lanes.add(lane);
    // Another lane may start at once when more than this one takes is waiting.
    if (this.backoffMs === 0) this.schedule();
    return lane;
  }

  /**
   * The oldest entries no lane has in flight, up to `maxBatch`: skipping executions in flight,
   * and those pointing at one (their link needs its Odoo id).
   */
  private takeBatch(): PendingOp[] {
    const batch: PendingOp[] = [];
    for (const entry of this.outbox.pending()) {
      if (batch.length >= this.maxBatch) break;
      const op = this.ops.decode(entry);
      if (this.inFlight.has(executionOf(op))) continue;
      const refs = op.kind === 'save' ? op.record : op.fields;
      if (REFERENCE_KEYS.some((key) => refs[key] !== undefined && this.inFlight.has(refs[key] as string))) continue;
      batch.push(op);
    }
    return batch;
  }

  private async deliverAll(): Promise<void> {
    while (!this.closed) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      const executions = new Set(batch.map(executionOf));
      for (const execution of executions) this.inFlight.add(execution);
      this.inFlightEntries += batch.length;
      try {
        await this.delivery.deliver(batch);
        if (!batch.some((op) => this.settled.has(op.entry))) {
          throw new Error(`No progress delivering ${batch.length} outbox entries (first: ${batch[0]?.executionId})`);
        }
      } catch (error) {
        this.failed(error);
        return;
      } finally {
        for (const execution of executions) this.inFlight.delete(execution);
        this.inFlightEntries -= batch.length;
      }
      this.lastError = undefined;
      if (this.backoffMs > 0) this.options.logger?.warn('Odoo is reachable again; outbox delivering', {});
      this.backoffMs = 0;
    }
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
  }

  private delivered(op: PendingOp): void {
    this.settled.add(op.entry);
    if (this.outbox.remove(op.entry.key, op.entry.version)) this.ops.forget(op.entry.key);
  }

  private rejected(op: PendingOp, error: unknown): void {
    this.settled.add(op.entry);
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
