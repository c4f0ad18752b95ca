import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics/metrics';

/** The first path segment: a bounded label (ids and webhook paths would not be). */
export function routeFamily(path: string): string {
  const first = path.split('/')[1] ?? '';
  return /^[a-z-]{1,32}$/.test(first) ? first : 'other';
}

/** Webhook paths are often secrets themselves (`/webhook/<random token>`): never logged. */
export function loggedPath(path: string): string {
  return path.startsWith('/webhook/') ? '/webhook/[path]' : path;
}

/**
 * Counts and logs one request when its answer is finished: one `http` line with method,
 * path, status, duration. Never the query string (resume URLs carry their token there) nor
 * headers or bodies (keys, credentials), nor a webhook's path.
 */
export function observeRequest(logger: Logger, metrics: Metrics, method: string, path: string, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    metrics.httpRequest(method, routeFamily(path), res.statusCode);
    // winston formats a line before its level is checked: skip the work when nobody reads it.
    if (!logger.isLevelEnabled('http')) return;
    logger.http('request', { method, path: loggedPath(path), status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 });
  });
}

export function requestLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    observeRequest(logger, metrics, req.method, req.path, res);
    next();
  };
}
