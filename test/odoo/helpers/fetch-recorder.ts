import type { JsonValue } from '../../../src/workflow/json';
import { normalizeRequest, type RecordedExchange, redactHeaders, trimResponse } from './exchanges';

/** Records every fetch exchange (secrets redacted) while the recorders talk to a live Odoo. */
export interface FetchRecorder {
  /** The exchanges since the last call, and a fresh start. */
  take(): RecordedExchange[];
  /** The last session cookie Odoo set (to end a session on purpose). */
  lastCookie(): string;
}

export function recordFetch(): FetchRecorder {
  let exchanges: RecordedExchange[] = [];
  let lastCookie = '';
  const realFetch = globalThis.fetch;
  // A refused connection throws before an answer exists: it is not an exchange.
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await realFetch(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const text = await response.clone().text();
    let body: JsonValue | string = text;
    try {
      body = JSON.parse(text) as JsonValue;
    } catch {
      // not JSON: kept as text
    }
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('session_id='));
    if (cookie) lastCookie = cookie.split(';', 1)[0] as string;
    exchanges.push({
      path: url.pathname,
      requestBody: normalizeRequest(typeof init?.body === 'string' ? (JSON.parse(init.body) as JsonValue) : null),
      status: response.status,
      responseHeaders: redactHeaders(response.headers),
      responseBody: trimResponse(body),
    });
    return response;
  };
  return {
    take: () => {
      const taken = exchanges;
      exchanges = [];
      return taken;
    },
    lastCookie: () => lastCookie,
  };
}
