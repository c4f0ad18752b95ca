import { connect } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../contracts/node-services';

/**
 * The default HttpClient: Node's global fetch (undici) with a timeout, the caller's abort
 * signal, and redirects followed by hand so that the limit, the method change on 301/302/303
 * and dropping credentials on a cross-origin hop behave like n8n's (follow-redirects) stack.
 */

const DEFAULT_MAX_REDIRECTS = 21;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** A request that got no HTTP answer: refused, unknown host, timed out... `code` is Node's. */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpTransportError';
  }
}

function withQuery(url: string, query: Record<string, string> | undefined): string {
  if (!query || Object.keys(query).length === 0) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.append(key, value);
  return target.toString();
}

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  });
  return headers;
}

interface ErrorLike {
  name?: unknown;
  message: string;
  code?: unknown;
  cause?: unknown;
}

/** Errors from fetch may come from another realm (test sandboxes), so no instanceof. */
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

/** undici reports "fetch failed" with the system error (code, message) as its cause. */
function transportError(error: unknown, timeoutMs: number, timedOut: boolean): unknown {
  if (timedOut) return new HttpTransportError(`timeout of ${timeoutMs}ms exceeded`, 'ECONNABORTED', { cause: error });
  if (!isErrorLike(error) || error.name === 'AbortError') return error;
  const detail = isErrorLike(error.cause) ? error.cause : error;
  return new HttpTransportError(detail.message, typeof detail.code === 'string' ? detail.code : undefined, { cause: error });
}

/**
 * fetch refuses the ports the Fetch standard blocks (1, 9, 25...) with "bad port" before
 * connecting; n8n's stack would connect. For a port nobody listens on (the usual case in
 * workflows probing failure handling) a plain TCP attempt gives the system error n8n
 * reports, ECONNREFUSED; when something does listen, fetch's own refusal stands.
 */
async function blockedPortError(url: string, original: unknown, signal: AbortSignal): Promise<unknown> {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve(original);
    });
    socket.once('error', (error: Error & { code?: string }) => resolve(new HttpTransportError(error.message, error.code, { cause: original })));
  });
}

function isBlockedPort(error: unknown): boolean {
  return isErrorLike(error) && isErrorLike(error.cause) && error.cause.message === 'bad port';
}

interface Hop {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** The request to make after a redirect, per the fetch/follow-redirects rules. */
function nextHop(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url).toString();
  let { method, body } = hop;
  let headers = { ...hop.headers };
  if (status === 303 ? method !== 'GET' && method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    method = 'GET';
    body = undefined;
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
  }
  if (new URL(url).origin !== new URL(hop.url).origin) {
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())));
  }
  return { method, url, headers, body };
}

export class FetchHttpClient implements HttpClient {
  constructor(private readonly defaults: { timeoutMs?: number } = {}) {}

  async request(options: HttpRequestOptions): Promise<HttpResponse> {
    const timeoutMs = options.timeoutMs ?? this.defaults.timeoutMs ?? 300_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const follow = options.followRedirects !== false;
    const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    let hop: Hop = {
      method: options.method.toUpperCase(),
      url: withQuery(options.url, options.query),
      headers: { ...(options.headers ?? {}) },
      body: options.body,
    };
    try {
      for (let redirects = 0; ; redirects++) {
        // fetch refuses a body on GET/HEAD; n8n's stack would send it, servers ignore it.
        const body = hop.method === 'GET' || hop.method === 'HEAD' ? undefined : hop.body;
        const response = await fetch(hop.url, { method: hop.method, headers: hop.headers, body, redirect: 'manual', signal });
        const location = response.headers.get('location');
        if (follow && REDIRECT_STATUSES.has(response.status) && location) {
          await response.body?.cancel();
          if (redirects >= maxRedirects) throw new HttpTransportError('Maximum number of redirects exceeded', 'ERR_FR_TOO_MANY_REDIRECTS');
          hop = nextHop(hop, response.status, location);
          continue;
        }
        const answer = { statusCode: response.status, statusMessage: response.statusText, headers: headersOf(response) };
        if (options.streamBody && response.ok && response.body) {
          return { ...answer, body: Buffer.alloc(0), bodyStream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) };
        }
        return { ...answer, body: Buffer.from(await response.arrayBuffer()) };
      }
    } catch (error) {
      if (error instanceof HttpTransportError) throw error;
      if (isBlockedPort(error)) throw await blockedPortError(hop.url, error, signal);
      throw transportError(error, timeoutMs, timeout.aborted && !options.signal?.aborted);
    }
  }
}
