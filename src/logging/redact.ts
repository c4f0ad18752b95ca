import { format } from 'winston';
import { maskKnownSecrets } from './known-secrets';

export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are secrets wherever they appear in log metadata: credentials, HTTP
 * auth headers, cookies (Odoo's session cookie included) and tokens of every kind.
 * Over-masking a harmless `maxTokens` is cheaper than leaking one password.
 */
const SECRET_KEY = /password|passwd|^pass$|secret|token|api[-_]?key|authorization|cookie|session[-_]?id|private[-_]?key/i;

/** `Bearer abc`, `Basic dXNlcjpwYXNz` inside free text such as an error message. */
const AUTH_SCHEME_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `api_key=...` in a query string or a `key=value` message. */
const SECRET_ASSIGNMENT_IN_TEXT = /\b(password|passwd|api[-_]?key|[a-z_]*token|[a-z_]*secret)=[^&\s"',;]+/gi;
/** The password part of `scheme://user:password@host`. */
const URL_PASSWORD_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+):[^/\s@]+@/gi;

/** Logged structures are usually shallow; this bounds the cost of a pathological one. */
const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(text: string): string {
  return maskKnownSecrets(text, REDACTED)
    .replace(AUTH_SCHEME_IN_TEXT, `$1 ${REDACTED}`)
    .replace(SECRET_ASSIGNMENT_IN_TEXT, `$1=${REDACTED}`)
    .replace(URL_PASSWORD_IN_TEXT, `$1:${REDACTED}@`);
}

/**
 * Returns a copy of `value` with secret-named keys masked and credentials inside strings
 * masked. Never mutates its input: log metadata is often a live object of the caller.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
    if (Array.isArray(value)) return value.map((entry) => redactValue(entry, depth + 1, seen));
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      copy[key] = isSecretKey(key) ? REDACTED : redactValue(entry, depth + 1, seen);
    }
    return copy;
  } finally {
    // Siblings may share an object legitimately; only an ancestor makes a cycle.
    seen.delete(value);
  }
}

/** Errors serialise to `{}` in JSON; keep what helps and mask what may leak. */
function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const copy: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  for (const [key, entry] of Object.entries(error)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(entry, depth + 1, seen);
  }
  if (error.stack !== undefined) copy.stack = redactText(error.stack);
  return copy;
}

/**
 * winston format masking secrets in every log entry. Works on winston's own entry object
 * (replacing its fields with redacted copies) so symbol keys winston relies on survive.
 */
export const redactSecrets = format((info) => {
  const entry = info as unknown as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    entry[key] = isSecretKey(key) ? REDACTED : redactValue(entry[key]);
  }
  return info;
});
