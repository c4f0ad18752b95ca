import type { LogSink } from './logging';

/** Codes after which serving on makes no sense: Node's own invariant broke, or the port is gone. */
const FATAL_CODES = new Set(['ERR_INTERNAL_ASSERTION', 'EADDRINUSE', 'EADDRNOTAVAIL']);

export interface SafetyNetOptions {
  logger: Pick<LogSink, 'error'>;
  /** Called once for a fatal error: the caller shuts down gracefully and exits non-zero. */
  onFatal: (error: unknown) => void;
  /** More uncaught exceptions than this within `windowMs` count as fatal (a failure loop). */
  maxExceptions?: number;
  windowMs?: number;
  now?: () => number;
}

/** What a log line can say about any thrown value: message, name, code, stack, and the fields it carries. */
export function describeThrown(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { error: String(value), thrownType: typeof value };
  const fields: Record<string, unknown> = { error: value.message, errorName: value.name, stack: value.stack };
  for (const key of ['code', 'syscall', 'executionId', 'workflow', 'node'] as const) {
    const field = (value as unknown as Record<string, unknown>)[key];
    if (field !== undefined) fields[key] = field;
  }
  if (value.cause !== undefined) fields.cause = value.cause instanceof Error ? value.cause.message : String(value.cause);
  return fields;
}

export function isFatal(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const syscall = typeof error === 'object' && error !== null ? (error as { syscall?: unknown }).syscall : undefined;
  return typeof code === 'string' && (FATAL_CODES.has(code) || (code === 'EACCES' && syscall === 'listen'));
}

/**
 * The process-level safety net. An unhandled rejection is a missed `.catch` somewhere: it is
 * logged with what the error carries and the service keeps serving (one request or run may
 * have lost its answer; the others must not). An uncaught exception is logged the same way
 * and survived too, except when it is fatal (Node's own assertion, a lost listening port) or
 * when they come in a burst (a loop failing for ever): then `onFatal` shuts the service down
 * so a supervisor restarts it. Returns the function that removes the net (tests).
 */
export function installSafetyNet(options: SafetyNetOptions): () => void {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxExceptions = options.maxExceptions ?? 50;
  const windowMs = options.windowMs ?? 60_000;
  let recent: number[] = [];
  let fatalSeen = false;
  const fatal = (error: unknown) => {
    if (fatalSeen) return;
    fatalSeen = true;
    options.onFatal(error);
  };
  const onRejection = (reason: unknown) => {
    logger.error('unhandled promise rejection; the service keeps serving', { ...describeThrown(reason), origin: 'unhandledRejection' });
  };
  const onException = (error: unknown, origin: string) => {
    const at = now();
    recent = recent.filter((time) => at - time < windowMs);
    recent.push(at);
    const burst = recent.length > maxExceptions;
    if (isFatal(error) || burst) {
      logger.error(burst ? `more than ${maxExceptions} uncaught exceptions within ${windowMs} ms; shutting down` : 'fatal uncaught exception; shutting down', {
        ...describeThrown(error),
        origin,
      });
      fatal(error);
      return;
    }
    logger.error('uncaught exception; the service keeps serving', { ...describeThrown(error), origin });
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
