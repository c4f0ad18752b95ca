import type { Outbox } from '../../odoo/outbox';

const MEMORY_LIMIT = 20_000;

/**
 * execution_id -> Odoo record id. Every id learnt is kept in memory (bounded); ids of
 * executions that will change again (running, waiting) are also kept on disk, so a resumed
 * wait after a restart updates its record instead of creating a second one.
 */
export class ExecutionIdMap {
  private readonly memory = new Map<string, number>();

  constructor(private readonly outbox: Outbox) {}

  get(executionId: string): number | undefined {
    const known = this.memory.get(executionId);
    if (known !== undefined) return known;
    const stored = this.outbox.knownId(executionId);
    if (stored !== undefined) this.keep(executionId, stored);
    return stored;
  }

  set(executionId: string, odooId: number, willChange: boolean): void {
    this.keep(executionId, odooId);
    if (willChange) this.outbox.rememberId(executionId, odooId);
    else this.outbox.forgetId(executionId);
  }

  /** Forgets an id that turned out wrong (record deleted in Odoo). */
  delete(executionId: string): void {
    this.memory.delete(executionId);
    this.outbox.forgetId(executionId);
  }

  private keep(executionId: string, odooId: number): void {
    this.memory.delete(executionId);
    this.memory.set(executionId, odooId);
    if (this.memory.size > MEMORY_LIMIT) {
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
  }
}
