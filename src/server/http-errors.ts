import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AutomatorError, NotFoundError, UnavailableError, type ErrorCode } from '../errors';
import type { LogSink } from '../logging';

/** The HTTP status each API error code answers with. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};

export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; hint?: string };
}

export function errorEnvelope(code: ErrorCode, message: string, hint?: string): ErrorEnvelope {
  return { success: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}

/** body-parser's errors carry a `type` and a `status`; these are the two callers cause. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
  message?: unknown;
}

/**
 * Any thrown value as the status and envelope the client gets. Only our own typed errors
 * and the body parser's client errors keep their message: anything else is an unexpected
 * failure whose text (paths, SQL, stack fragments) is logged, not sent.
 */
export function toHttpError(error: unknown): { status: number; envelope: ErrorEnvelope; retryAfterSeconds?: number } {
  if (error instanceof AutomatorError) {
    const retryAfterSeconds = error instanceof UnavailableError ? (error.retryAfterSeconds ?? 1) : undefined;
    const hint = error instanceof NotFoundError ? error.hint : undefined;
    return { status: STATUS_BY_CODE[error.code], envelope: errorEnvelope(error.code, error.message, hint), retryAfterSeconds };
  }
  const parserError = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
  if (parserError.type === 'entity.parse.failed') {
    // V8 quotes pieces of the body in some messages (`Unexpected token 'p', "{"value": pl"...`);
    // the body may hold a secret (a credential), so those are not repeated.
    const reason = String(parserError.message);
    const quotesBody = reason.includes('"');
    return { status: 400, envelope: errorEnvelope('bad_request', quotesBody ? 'The request body is not valid JSON' : `The request body is not valid JSON: ${reason}`) };
  }
  if (parserError.type === 'entity.too.large') {
    return {
      status: 413,
      envelope: errorEnvelope('payload_too_large', `The request body is larger than the limit of ${String(parserError.limit)} bytes (MAX_BODY_BYTES)`),
    };
  }
  if (parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported') {
    return { status: 400, envelope: errorEnvelope('bad_request', String(parserError.message)) };
  }
  if (parserError.type === 'request.aborted') {
    return { status: 400, envelope: errorEnvelope('bad_request', 'The request was aborted by the client') };
  }
  return { status: 500, envelope: errorEnvelope('internal', 'Internal error: the service logged the details') };
}

export function sendError(res: Response, error: unknown): void {
  const { status, envelope, retryAfterSeconds } = toHttpError(error);
  if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(status).json(envelope);
}

/** The last middleware: every failure leaves as an envelope, never as a stack trace. */
export function errorHandler(logger: Pick<LogSink, 'error' | 'warn'>): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status } = toHttpError(error);
    if (status >= 500 && status !== 503) {
      logger.error('request failed', { method: req.method, path: req.path, error });
    }
    sendError(res, error);
  };
}

/** Unknown routes answer in the same envelope as everything else. */
export const routeNotFound: RequestHandler = (req, res) => {
  res.status(404).json(errorEnvelope('not_found', `There is no route ${req.method} ${req.path}`));
};
