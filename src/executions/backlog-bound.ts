import { UnavailableError } from '../errors';

/** What the store reports about writes it accepted and has not delivered yet (Odoo's outbox). */
export interface BacklogSource {
  pending: number;
  oldestPendingAt?: Date;
  fileBytes: number;
  deadLetters: number;
  odooReachable: boolean;
  lastError?: string;
}

/** The backlog as /readyz, /outbox, /metrics and Odoo's settings page show it. */
export interface BacklogStatus {
  pending: number;
  maxPending: number;
  /** Seconds since the oldest undelivered write was accepted; 0 when nothing waits. */
  oldestPendingSeconds: number;
  fileBytes: number;
  deadLetters: number;
  odooReachable: boolean;
  /** False while production runs are refused because the backlog is full. */
  accepting: boolean;
  lastError?: string;
}

export interface BacklogBoundOptions {
  /** OUTBOX_MAX_PENDING: accepted writes allowed to wait for Odoo. */
  maxPending: number;
  source: () => BacklogSource;
  retryAfterSeconds?: number;
  now?: () => number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Bounds what the store may owe Odoo. A production run is admitted only while the writes
 * pending plus the runs already admitted (each adds one record) stay under the bound, so
 * the outbox never holds more than OUTBOX_MAX_PENDING production executions, the disk stays
 * bounded, and a caller refused with 503 + Retry-After knows nothing of its call was kept.
 */
export class BacklogBound {
  private readonly now: () => number;

  constructor(private readonly options: BacklogBoundOptions) {
    this.now = options.now ?? Date.now;
  }

  status(inFlight = 0): BacklogStatus {
    const source = this.options.source();
    const oldest = source.oldestPendingAt?.getTime();
    return {
      pending: source.pending,
      maxPending: this.options.maxPending,
      oldestPendingSeconds: oldest === undefined ? 0 : Math.max(0, Math.round((this.now() - oldest) / 100) / 10),
      fileBytes: source.fileBytes,
      deadLetters: source.deadLetters,
      odooReachable: source.odooReachable,
      accepting: source.pending + inFlight < this.options.maxPending,
      ...(source.lastError === undefined ? {} : { lastError: source.lastError }),
    };
  }

  /** Throws the 503 a production run gets while the backlog (with `inFlight` runs to come) is full. */
  assertRoom(inFlight = 0): void {
    const status = this.status(inFlight);
    if (status.accepting) return;
    throw new UnavailableError(
      `Odoo is behind: ${status.pending} executions wait to be delivered` +
        (inFlight > 0 ? ` and ${inFlight} are running` : '') +
        ` (OUTBOX_MAX_PENDING=${status.maxPending}), the oldest for ${status.oldestPendingSeconds} s; try again later`,
      this.options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    );
  }
}
