import { UnavailableError } from '../errors';

/**
 * n8n's concurrency control as a value: at most `limit` production runs at once and at most
 * `queueLimit` waiting behind them; past that, callers get an UnavailableError (HTTP 503 with
 * Retry-After) instead of piling up. limit -1 = unlimited.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly queueLimit: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiters.length;
  }

  async acquire(): Promise<() => void> {
    if (this.limit < 0 || this.running < this.limit) {
      this.running += 1;
      return this.releaser();
    }
    if (this.waiters.length >= this.queueLimit) {
      throw new UnavailableError(
        `Too many production executions: ${this.running} running and ${this.waiters.length} queued (CONCURRENCY_LIMIT ${this.limit}, QUEUE_LIMIT ${this.queueLimit})`,
        1,
      );
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running += 1;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      this.waiters.shift()?.();
    };
  }
}
