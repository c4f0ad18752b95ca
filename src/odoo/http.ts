import type { JsonValue } from '../workflow/json';
import {
  type Delivery,
  type OdooCallTarget,
  OdooConnectionError,
  OdooProtocolError,
  OdooTimeoutError,
} from './errors';

export interface PostJsonOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  /** The caller's own signal (cancellation); the timeout is added to it. */
  signal?: AbortSignal;
  target: OdooCallTarget;
}

export interface JsonHttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body; undefined when the body was not JSON. */
  body: JsonValue | undefined;
}

// Errors where the request cannot have reached Odoo: resending is safe even for a create.
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function mapFetchFailure(error: unknown, options: PostJsonOptions, url: string): Error {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError') {
    return new OdooTimeoutError(options.timeoutMs, { target: options.target, cause: error });
  }
  if (name === 'AbortError') return error as Error; // the caller cancelled: not an Odoo failure
  const code = networkCode(error) ?? 'network error';
  const delivery: Delivery = NOT_DELIVERED_CODES.has(code) ? 'no' : 'maybe';
  return new OdooConnectionError(`Cannot reach Odoo at ${new URL(url).origin} (${code})`, {
    target: options.target,
    delivery,
    cause: error,
  });
}

// Proxies answer these when Odoo is down or restarting; 503 means nothing was processed.
const TRANSIENT_STATUS: Record<number, Delivery> = { 502: 'maybe', 503: 'no', 504: 'maybe' };

/** POSTs JSON with a timeout; network failures and gateway statuses become typed errors. */
export async function postJson(url: string, payload: JsonValue, options: PostJsonOptions): Promise<JsonHttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
      body: JSON.stringify(payload),
      signal,
      // Odoo answers unknown routes with a redirect to /web/login: that is an error here, not a page to follow.
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    throw mapFetchFailure(error, options, url);
  }
  const delivery = TRANSIENT_STATUS[response.status];
  if (delivery) {
    throw new OdooConnectionError(`Odoo answered HTTP ${response.status}`, {
      target: options.target,
      delivery,
    });
  }
  return { status: response.status, headers: response.headers, body: parseJson(text) };
}

function parseJson(text: string): JsonValue | undefined {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** For answers that should have been JSON but were not (an HTML error page, a redirect to the login). */
export function unexpectedResponse(response: JsonHttpResponse, url: string, target: OdooCallTarget): OdooProtocolError {
  const location = response.headers.get('location');
  const redirected = location ? `, redirected to ${location.split('?')[0]}: the route does not exist on this server` : '';
  return new OdooProtocolError(
    `Unexpected answer from Odoo (HTTP ${response.status} for ${new URL(url).pathname}${redirected})`,
    { target },
  );
}
