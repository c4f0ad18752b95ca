import type { Writable } from 'node:stream';
import winston from 'winston';
import { redactSecrets } from './redact';

/** winston's npm levels we accept from LOG_LEVEL, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Logger = winston.Logger;

/** What a log line may say about where it comes from. */
export interface LogContext {
  executionId?: string;
  workflowId?: string;
  node?: string;
}

export interface LoggerOptions {
  /** Where JSON lines go; stderr by default (stdout belongs to the CLI's JSON output). */
  stream?: Writable;
}

/** One JSON object per line, timestamped, with secrets masked. */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console({ stderrLevels: [...LOG_LEVELS] });
  return winston.createLogger({
    level,
    levels: winston.config.npm.levels,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      winston.format.timestamp(),
      redactSecrets(),
      winston.format.json(),
    ),
    transports: [transport],
  });
}

/** A logger stamping every line with the execution, workflow and node it concerns. */
export function childLogger(logger: Logger, context: LogContext): Logger {
  const meta: Record<string, string> = {};
  if (context.executionId !== undefined) meta.executionId = context.executionId;
  if (context.workflowId !== undefined) meta.workflowId = context.workflowId;
  if (context.node !== undefined) meta.node = context.node;
  return logger.child(meta);
}

/** The few methods components need, so tests can hand in a recorder. */
export interface LogSink {
  error(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  debug(message: string, meta?: Record<string, unknown>): unknown;
}
