import type { OutboxEntry } from '../../odoo/outbox';
import type { ExecutionRecord, ExecutionSummary } from '../types';
import { reviveRecord } from './record-codec';

/** What an outbox entry asks for: a whole execution, or some fields of an existing one. */
export type PendingOp =
  | { kind: 'save'; entry: OutboxEntry; executionId: string; record: ExecutionRecord }
  | { kind: 'patch'; entry: OutboxEntry; executionId: string; fields: Partial<ExecutionSummary> };

export const SAVE = 'save';
export const PATCH = 'patch';

/** A patch waits under its own key, so it never replaces a pending save of the same execution. */
export function patchKey(executionId: string): string {
  return `${executionId}#patch`;
}

const DATE_FIELDS = ['startedAt', 'stoppedAt', 'waitTill'] as const;

export function encodePatch(executionId: string, fields: Partial<ExecutionSummary>): string {
  return JSON.stringify({ executionId, fields });
}

function decodePatch(payload: string): { executionId: string; fields: Partial<ExecutionSummary> } {
  const raw = JSON.parse(payload) as { executionId: string; fields: Record<string, unknown> };
  const fields = { ...raw.fields } as Partial<ExecutionSummary>;
  for (const key of DATE_FIELDS) {
    const value = raw.fields[key];
    if (typeof value === 'string') fields[key] = new Date(value);
  }
  return { executionId: raw.executionId, fields };
}

/** Decodes entries once per version: reads and deliveries see the same objects. */
export class PendingOpCache {
  private readonly decoded = new Map<string, PendingOp>();

  decode(entry: OutboxEntry): PendingOp {
    const cached = this.decoded.get(entry.key);
    if (cached && cached.entry.version === entry.version) {
      cached.entry.suspect = entry.suspect;
      return cached;
    }
    const op: PendingOp =
      entry.kind === SAVE
        ? { kind: 'save', entry, executionId: entry.key, record: reviveRecord(entry.payload) }
        : { kind: 'patch', entry, ...decodePatch(entry.payload) };
    this.decoded.set(entry.key, op);
    return op;
  }

  forget(key: string): void {
    this.decoded.delete(key);
  }
}
