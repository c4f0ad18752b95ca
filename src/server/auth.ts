import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors';

/** Prefixes anyone may call: webhooks are public by design, probes carry no key. */
export const PUBLIC_PATH_PREFIXES: readonly string[] = ['/webhook/', '/webhook-test/', '/webhook-waiting/', '/form/', '/form-test/', '/form-waiting/'];
export const PUBLIC_PATHS: readonly string[] = ['/healthz', '/readyz'];

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares the bearer token with the key in constant time. Both sides are hashed first so
 * that neither the key's length nor its prefix leaks through timing.
 */
export function createKeyCheck(apiKey: string): (presented: string) => boolean {
  const expected = digest(apiKey);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

const BEARER = /^Bearer[ \t]+(\S.*)$/i;

export interface AuthOptions {
  apiKey: string;
  /** METRICS_PUBLIC=true leaves /metrics open (for a scraper inside a private network). */
  metricsPublic: boolean;
}

export function isPublicPath(path: string, metricsPublic: boolean): boolean {
  if (PUBLIC_PATHS.includes(path)) return true;
  if (metricsPublic && path === '/metrics') return true;
  return PUBLIC_PATH_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Management routes need `Authorization: Bearer <SIDECAR_API_KEY>`. */
export function requireApiKey(options: AuthOptions): RequestHandler {
  const matches = createKeyCheck(options.apiKey);
  return (req, _res, next) => {
    if (isPublicPath(req.path, options.metricsPublic)) {
      next();
      return;
    }
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') {
      next(new UnauthorizedError('Missing API key: send the header "Authorization: Bearer <SIDECAR_API_KEY>"'));
      return;
    }
    const token = BEARER.exec(header.trim())?.[1]?.trim();
    if (token === undefined || !matches(token)) {
      next(new UnauthorizedError('Invalid API key'));
      return;
    }
    next();
  };
}
