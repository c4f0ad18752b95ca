import { UnavailableError, errorMessage } from '../errors';
import type { LogSink } from '../logging';
import { summaryOf } from '../store/summary';
import type { ExecutionQuery, ExecutionRecord, ExecutionStore, ExecutionSummary, StoredExecutionStatus } from '../store/types';
import { StoreHealth, isStoreCondition } from './store-health';

export interface GuardedStoreOptions {
  logger: Pick<LogSink, 'error' | 'warn' | 'info'>;
  /** A small real write (the probe row); runs when nothing waits to be saved. */
  probeWrite?: () => Promise<void>;
  /** Records kept in memory while the store cannot write; past it, saves fail loudly. */
  maxUnsaved?: number;
  probeFirstMs?: number;
  probeMaxMs?: number;
}

/** What happened to a record the store could not take and memory could not keep either. */
export class UnsavedExecutionError extends UnavailableError {
  constructor(executionId: string, reason: string) {
    super(`Execution ${executionId} could not be saved: ${reason}`, 5);
  }
}

/**
 * The execution store with store failures turned into a condition instead of a crash. A save
 * the store cannot take (disk full, database locked, I/O error, outbox unwritable) is kept in
 * memory, newest version per execution, up to `maxUnsaved` records, and written in order once
 * a probe or a later write succeeds; reads see kept records first, so the run's callers and
 * the API still find them. Other calls that fail for such a reason answer 503 (UnavailableError)
 * rather than 500. `health` says whether the store can write (readiness, admission).
 */
export class GuardedExecutionStore implements ExecutionStore {
  readonly health: StoreHealth;
  /** Insertion order is save order: flushed oldest first. */
  private readonly unsaved = new Map<string, ExecutionRecord>();
  private readonly maxUnsaved: number;
  private flushing?: Promise<void>;

  constructor(
    private readonly inner: ExecutionStore,
    private readonly options: GuardedStoreOptions,
  ) {
    this.maxUnsaved = options.maxUnsaved ?? 1000;
    this.health = new StoreHealth({
      probe: () => this.probe(),
      logger: options.logger,
      probeFirstMs: options.probeFirstMs,
      probeMaxMs: options.probeMaxMs,
    });
    this.health.onRecovered(() => {
      this.flush().catch((error: unknown) => this.health.writeFailed(error));
    });
  }

  /** How many accepted records wait in memory for the store. */
  get unsavedCount(): number {
    return this.unsaved.size;
  }

  async save(record: ExecutionRecord): Promise<void> {
    // A newer version of a record still waiting must not overtake the older one on disk.
    if (this.unsaved.has(record.id) || !this.health.writable) {
      this.keep(record, this.health.problem ?? 'the store is catching up');
      if (this.health.writable) this.flush().catch((error: unknown) => this.health.writeFailed(error));
      return;
    }
    try {
      await this.inner.save(record);
      this.health.writeSucceeded();
    } catch (error) {
      if (!isStoreCondition(error)) throw error;
      this.health.writeFailed(error);
      this.keep(record, errorMessage(error));
    }
  }

  private keep(record: ExecutionRecord, reason: string): void {
    if (!this.unsaved.has(record.id) && this.unsaved.size >= this.maxUnsaved) {
      this.options.logger.error('execution could not be saved: the store cannot write and the in-memory backlog is full', {
        executionId: record.id,
        backlog: this.unsaved.size,
        error: reason,
      });
      throw new UnsavedExecutionError(record.id, `${reason} (and ${this.unsaved.size} unsaved executions already wait in memory)`);
    }
    this.unsaved.delete(record.id);
    this.unsaved.set(record.id, structuredClone(record));
  }

  /** Writes what waits, oldest first; the first store failure stops it (the store is still down). */
  async flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const [id, record] of [...this.unsaved]) {
          try {
            await this.inner.save(record);
          } catch (error) {
            if (isStoreCondition(error)) throw error;
            // Not a condition that passes (a constraint, bad data): saying so beats retrying for ever.
            this.options.logger.error('execution kept while the store could not write was refused by the store and is lost', { executionId: id, error: errorMessage(error) });
          }
          // Replaced meanwhile by a newer version: that one stays for the next round.
          if (this.unsaved.get(id) === record) this.unsaved.delete(id);
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async probe(): Promise<void> {
    if (this.unsaved.size > 0) await this.flush();
    else await this.options.probeWrite?.();
    // Saved while the flush ran: go round again before calling the store healthy.
    if (this.unsaved.size > 0) await this.flush();
  }

  /** A read or a small write failing for a store condition is a 503, and marks the store down for writes. */
  private async guard<T>(call: () => Promise<T>, write: boolean): Promise<T> {
    try {
      const result = await call();
      if (write) this.health.writeSucceeded();
      return result;
    } catch (error) {
      if (!isStoreCondition(error)) throw error;
      if (write) this.health.writeFailed(error);
      throw new UnavailableError(`The execution store is unavailable: ${errorMessage(error)}`, 5);
    }
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const kept = this.unsaved.get(id);
    if (kept) return structuredClone(kept);
    return this.guard(() => this.inner.get(id), false);
  }

  async list(query: ExecutionQuery): Promise<{ rows: ExecutionSummary[]; total: number }> {
    const result = await this.guard(() => this.inner.list(query), false);
    if (this.unsaved.size === 0) return result;
    const matches = (summary: ExecutionSummary) =>
      (query.canvasId === undefined || summary.canvasId === query.canvasId) && (query.status === undefined || summary.status === query.status);
    const kept = [...this.unsaved.values()].map(summaryOf);
    const keptById = new Map(kept.map((summary) => [summary.id, summary]));
    const rows = result.rows.map((row) => keptById.get(row.id) ?? row).filter(matches);
    const shown = new Set(rows.map((row) => row.id));
    const added = kept.filter((summary) => matches(summary) && !shown.has(summary.id));
    if (query.offset === 0) rows.unshift(...added.reverse());
    return { rows: rows.slice(0, query.limit), total: result.total + added.length };
  }

  async findByRequestId(requestId: string): Promise<ExecutionSummary | undefined> {
    for (const record of this.unsaved.values()) if (record.requestId === requestId) return summaryOf(record);
    return this.guard(() => this.inner.findByRequestId(requestId), false);
  }

  async listWaiting(until?: Date): Promise<ExecutionSummary[]> {
    return this.overlay(await this.guard(() => this.inner.listWaiting(until), false), (summary) => summary.status === 'waiting' && (until === undefined || (summary.waitTill !== undefined && summary.waitTill <= until)));
  }

  async listByStatus(status: StoredExecutionStatus): Promise<ExecutionSummary[]> {
    return this.overlay(await this.guard(() => this.inner.listByStatus(status), false), (summary) => summary.status === status);
  }

  /** Store rows replaced by kept versions, plus kept records the store does not have yet. */
  private overlay(rows: ExecutionSummary[], matches: (summary: ExecutionSummary) => boolean): ExecutionSummary[] {
    if (this.unsaved.size === 0) return rows;
    const result = rows.filter((row) => !this.unsaved.has(row.id));
    for (const record of this.unsaved.values()) {
      const summary = summaryOf(record);
      if (matches(summary)) result.push(summary);
    }
    return result;
  }

  async transition(id: string, from: StoredExecutionStatus, to: StoredExecutionStatus): Promise<boolean> {
    const kept = this.unsaved.get(id);
    if (kept) {
      if (kept.status !== from) return false;
      this.keep({ ...kept, status: to }, 'kept in memory');
      return true;
    }
    return this.guard(() => this.inner.transition(id, from, to), true);
  }

  async patch(id: string, fields: Partial<ExecutionSummary>): Promise<void> {
    const kept = this.unsaved.get(id);
    if (kept) {
      this.keep({ ...kept, ...fields }, 'kept in memory');
      return;
    }
    await this.guard(() => this.inner.patch(id, fields), true);
  }

  async prune(options: { before?: Date; keep?: number }): Promise<number> {
    return this.guard(() => this.inner.prune(options), true);
  }

  /** Last chance for what waits in memory; what still cannot be written is named in the log. */
  async close(): Promise<void> {
    this.health.stop();
    if (this.unsaved.size > 0) {
      await this.flush().catch(() => undefined);
      for (const id of this.unsaved.keys()) this.options.logger.error('execution kept while the store could not write is lost at shutdown', { executionId: id });
    }
    await this.inner.close();
  }
}
