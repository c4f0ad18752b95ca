import type { JsonObject, JsonValue } from '../../../src/workflow/json';
import { isJsonObject } from '../../../src/workflow/json';

/** One HTTP request to Odoo and its answer, as recorded (secrets replaced by `SECRET`). */
export interface RecordedExchange {
  path: string;
  requestBody: JsonValue | null;
  status: number;
  responseHeaders: Record<string, string | string[]>;
  /** JSON when Odoo answered JSON, else the text. */
  responseBody: JsonValue | string;
}

export interface RecordedFixture {
  /** How and when it was recorded; which parts were synthesized, if any. */
  notes: string;
  recordedAt: string;
  stamp: string;
  exchanges: RecordedExchange[];
  outcome: JsonValue;
}

export const SECRET = '<secret>';
export const RECORDED_COOKIE = 'session_id=recorded-session-id';
const DEBUG_KEEP = 400;
const CIPHERTEXT = /v1:[0-9a-f]{16}:[A-Za-z0-9+/=]+/g;
const CIPHERTEXT_PLACEHOLDER = 'v1:<key id>:<ciphertext>';

/**
 * Replaces what must never sit in a fixture: the password or key of session logins and of
 * /jsonrpc calls. Also what changes on every request (the JSON-RPC id, and a credential's
 * ciphertext, which has a fresh random nonce on every write).
 */
export function normalizeRequest(body: JsonValue | null): JsonValue | null {
  if (!isJsonObject(body)) return body;
  const copy = JSON.parse(JSON.stringify(body).replace(CIPHERTEXT, CIPHERTEXT_PLACEHOLDER)) as JsonObject;
  delete copy.id;
  const params = copy.params;
  if (isJsonObject(params)) {
    if (typeof params.password === 'string') params.password = SECRET;
    if (Array.isArray(params.args) && (params.service === 'object' || params.service === 'common')) {
      if (params.args.length >= 3 && typeof params.args[2] === 'string') params.args[2] = SECRET;
    }
  }
  return copy;
}

/** Shortens Odoo's tracebacks and drops session details nothing reads. */
export function trimResponse(body: JsonValue | string): JsonValue | string {
  if (!isJsonObject(body)) return body;
  const copy = structuredClone(body);
  const error = copy.error;
  if (isJsonObject(error) && isJsonObject(error.data) && typeof error.data.debug === 'string') {
    error.data.debug = error.data.debug.slice(-DEBUG_KEEP);
  }
  const result = copy.result;
  if (isJsonObject(result) && 'user_context' in result && 'uid' in result) {
    const keep = ['uid', 'is_system', 'is_admin', 'user_context', 'db', 'server_version', 'server_version_info', 'name', 'username'];
    copy.result = Object.fromEntries(Object.entries(result).filter(([key]) => keep.includes(key)));
  }
  return copy;
}

export function redactHeaders(headers: Headers): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  const cookies = headers.getSetCookie().map((line) => line.replace(/^session_id=[^;]*/, RECORDED_COOKIE));
  if (cookies.length > 0) kept['set-cookie'] = cookies;
  const type = headers.get('content-type');
  if (type) kept['content-type'] = type;
  const location = headers.get('location');
  if (location) kept.location = location;
  return kept;
}
