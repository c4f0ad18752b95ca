import type OpenAI from 'openai';
import type { JsonObject } from '../../../workflow/json';
import { isRetryable } from './errors';
import { openAiSdk } from './sdk';

/** Where and how to call an OpenAI-compatible endpoint (the openAiApi credential plus node options). */
export interface OpenAiConnection {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), a LiteLLM or vLLM proxy. */
  baseURL: string;
  organization?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Extra tries after the first on 429 (not an exhausted quota), 5xx and connection failures. */
  maxRetries: number;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Reads the openAiApi credential as n8n does: `url` is the base URL (the node's Base URL option
 * wins), `organizationId` goes out as OpenAI-Organization, and `header` adds one custom header.
 */
export function connectionFrom(credentials: JsonObject, options: { baseURL?: string; timeoutMs?: number; maxRetries?: number }): OpenAiConnection {
  const headers: Record<string, string> = {};
  if (credentials.header === true && text(credentials.headerName) !== '') headers[text(credentials.headerName)] = text(credentials.headerValue);
  const baseURL = text(options.baseURL) || text(credentials.url) || DEFAULT_BASE_URL;
  return {
    apiKey: text(credentials.apiKey),
    baseURL: baseURL.replace(/\/+$/, ''),
    organization: text(credentials.organizationId) || undefined,
    headers,
    timeoutMs: options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : 60_000,
    maxRetries: Math.max(0, Math.min(options.maxRetries ?? 2, 10)),
  };
}

/** The official client; retries are ours (see withRetries), so the client makes none. */
export function createOpenAiClient(connection: OpenAiConnection): OpenAI {
  return new (openAiSdk().OpenAI)({
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    organization: connection.organization ?? null,
    project: null,
    defaultHeaders: connection.headers,
    // Each try is limited by our own signal (withRetries); the client's timer is only a backstop.
    timeout: connection.timeoutMs + 5_000,
    maxRetries: 0,
  });
}

const MAX_DELAY_MS = 8_000;

/** How long to wait before try `attempt` (1-based retry number): Retry-After when given, else 0.5 s doubling. */
function delayFor(error: unknown, attempt: number): number {
  if (error instanceof openAiSdk().APIError && error.headers) {
    const msHeader = error.headers.get('retry-after-ms');
    const ms = msHeader === null ? NaN : Number(msHeader);
    if (Number.isFinite(ms) && ms >= 0 && ms <= 60_000) return ms;
    const secondsHeader = error.headers.get('retry-after');
    const seconds = secondsHeader === null ? NaN : Number(secondsHeader);
    if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 60) return seconds * 1000;
  }
  return Math.min(500 * 2 ** (attempt - 1), MAX_DELAY_MS);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The model did not answer within the node's Timeout option. */
export class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ModelTimeoutError';
  }
}

/**
 * One try of an API call under its own time limit: our signal, not the client's timer, so a
 * timeout is told apart from a cancelled run whatever realm the client's errors come from.
 */
async function tryOnce<T>(call: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> {
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timer]) : timer;
  try {
    return await call(signal);
  } catch (error) {
    if (timer.aborted && !outer?.aborted) throw new ModelTimeoutError(timeoutMs);
    throw error;
  }
}

/**
 * Runs one API call with retries on 429 (quota exhausted excepted), 5xx, timeouts and
 * connection failures, each try limited to `timeoutMs`.
 */
export async function withRetries<T>(call: (signal: AbortSignal) => Promise<T>, options: { maxRetries: number; timeoutMs: number; signal?: AbortSignal }): Promise<T> {
  const { maxRetries, signal } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await tryOnce(call, options.timeoutMs, signal);
    } catch (error) {
      if (attempt >= maxRetries || !isRetryable(error) || signal?.aborted) throw error;
      await sleep(delayFor(error, attempt + 1), signal);
    }
  }
}
