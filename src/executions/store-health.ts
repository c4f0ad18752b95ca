import { UnavailableError, errorMessage } from '../errors';
import type { LogSink } from '../logging';

/**
 * Error codes that say the store cannot write now but may later: a full disk, a lock held
 * too long, an I/O or permission failure. better-sqlite3 reports SQLite's extended codes
 * (`SQLITE_IOERR_WRITE`), Node's fs its errno names. Anything else is a bug or bad data and
 * is not hidden behind "try again later".
 */
const CONDITION_PREFIXES = ['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_NOMEM'];
const CONDITION_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'EBUSY']);

export function isStoreCondition(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return false;
  return CONDITION_ERRNOS.has(code) || CONDITION_PREFIXES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
}

export interface StoreHealthOptions {
  /** A real write that succeeds only when the store can write again (flushing what waits, or a probe row). */
  probe: () => Promise<void>;
  logger: Pick<LogSink, 'error' | 'warn' | 'info'>;
  /** First wait before probing after a failure; doubles up to `probeMaxMs`. */
  probeFirstMs?: number;
  probeMaxMs?: number;
  /** What callers are told to wait before trying again (Retry-After). */
  retryAfterSeconds?: number;
}

/**
 * Whether the execution store can write. A failed write (disk full, database locked, I/O
 * error, outbox unwritable) turns it unwritable: `/readyz` and new production runs answer
 * 503 with Retry-After, and a probe write is tried with a growing delay until one succeeds,
 * so the service recovers without a restart. Any successful write also ends the condition.
 */
export class StoreHealth {
  private failure?: { since: Date; reason: string };
  private probeTimer?: NodeJS.Timeout;
  private probeDelayMs: number;
  private probing = false;
  private stopped = false;
  private readonly recoveredListeners: Array<() => void> = [];

  constructor(private readonly options: StoreHealthOptions) {
    this.probeDelayMs = options.probeFirstMs ?? 500;
  }

  get writable(): boolean {
    return this.failure === undefined;
  }

  /** Why the store cannot write, for /readyz and 503 answers; undefined while it can. */
  get problem(): string | undefined {
    return this.failure === undefined ? undefined : `The execution store cannot write since ${this.failure.since.toISOString()}: ${this.failure.reason}`;
  }

  /** Throws the 503 new production runs get while the store cannot write. */
  assertWritable(): void {
    const problem = this.problem;
    if (problem !== undefined) throw new UnavailableError(`${problem}; try again later`, this.options.retryAfterSeconds ?? 5);
  }

  onRecovered(listener: () => void): void {
    this.recoveredListeners.push(listener);
  }

  writeFailed(error: unknown): void {
    const reason = errorMessage(error);
    if (this.failure === undefined) {
      this.failure = { since: new Date(), reason };
      this.options.logger.error('the execution store cannot write: refusing new production runs until a write succeeds', { error: reason });
    } else {
      this.failure.reason = reason;
    }
    this.scheduleProbe();
  }

  writeSucceeded(): void {
    if (this.failure === undefined) return;
    const since = this.failure.since;
    this.failure = undefined;
    this.probeDelayMs = this.options.probeFirstMs ?? 500;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.options.logger.info('the execution store can write again', { downForMs: Date.now() - since.getTime() });
    for (const listener of this.recoveredListeners) listener();
  }

  stop(): void {
    this.stopped = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private scheduleProbe(): void {
    if (this.stopped || this.probeTimer !== undefined || this.probing) return;
    const delay = this.probeDelayMs;
    this.probeDelayMs = Math.min(delay * 2, this.options.probeMaxMs ?? 10_000);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probeNow();
    }, delay);
    this.probeTimer.unref();
  }

  /** One probe write now; true when the store can write. */
  async probeNow(): Promise<boolean> {
    if (this.writable) return true;
    if (this.probing) return false;
    this.probing = true;
    try {
      await this.options.probe();
      this.writeSucceeded();
      return true;
    } catch (error) {
      this.probing = false;
      this.writeFailed(error);
      return false;
    } finally {
      this.probing = false;
    }
  }
}
