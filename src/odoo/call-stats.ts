const WRITE_METHODS = new Set(['create', 'write', 'unlink']);

/** Counts of calls a client made: the figures behind "RPC calls per execution". */
export class CallStats {
  private readonly byTarget = new Map<string, number>();
  private retryCount = 0;

  count(model: string, method: string): void {
    const key = `${model}.${method}`;
    this.byTarget.set(key, (this.byTarget.get(key) ?? 0) + 1);
  }

  countRetry(): void {
    this.retryCount += 1;
  }

  /** Logical calls (a retried call counts once). */
  get total(): number {
    let sum = 0;
    for (const value of this.byTarget.values()) sum += value;
    return sum;
  }

  /** create, write and unlink calls. */
  get writes(): number {
    let sum = 0;
    for (const [key, value] of this.byTarget) {
      if (WRITE_METHODS.has(key.slice(key.lastIndexOf('.') + 1))) sum += value;
    }
    return sum;
  }

  get retries(): number {
    return this.retryCount;
  }

  /** `{ 'executions.create': 3, ... }` */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.byTarget);
  }

  reset(): void {
    this.byTarget.clear();
    this.retryCount = 0;
  }
}
