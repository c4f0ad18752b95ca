import type { LogSink } from '../logging';

export type QueueLog = Pick<LogSink, 'warn' | 'info' | 'error'>;

const FIRST_MS = 200;
const MAX_MS = 10_000;

/** Backoff between reconnect attempts to the queue backend: 200 ms doubling up to 10 s, forever. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(FIRST_MS * 2 ** Math.max(0, attempt - 1), MAX_MS);
}
