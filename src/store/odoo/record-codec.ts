import type { ExecutionLogRecord, ExecutionRecord } from '../types';

/**
 * ExecutionRecord <-> JSON text for the outbox. JSON turns Dates into ISO strings; reviving
 * them is what this file is for.
 */
export function serializeRecord(record: ExecutionRecord): string {
  return JSON.stringify(record);
}

type Serialized<T> = { [K in keyof T]: T[K] extends Date | undefined ? string | undefined : T[K] };

function date(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

export function reviveRecord(text: string): ExecutionRecord {
  const raw = JSON.parse(text) as Serialized<Omit<ExecutionRecord, 'logs'>> & {
    logs: Array<Serialized<ExecutionLogRecord>>;
  };
  return {
    ...raw,
    startedAt: new Date(raw.startedAt as string),
    stoppedAt: date(raw.stoppedAt),
    waitTill: date(raw.waitTill),
    logs: raw.logs.map((log) => ({
      ...log,
      startedAt: new Date(log.startedAt as string),
      finishedAt: date(log.finishedAt),
    })),
  };
}
