import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookAuth } from './webhook-config';

/** n8n's answer to a refused webhook call: plain text, with a Basic challenge. */
export interface AuthRefusal {
  statusCode: 401 | 403;
  message: string;
}

const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The Webhook node's authentication, with n8n's statuses and messages: no Basic
 * credentials -> 401 "Authorization is required!", wrong ones (or a wrong header) -> 403
 * "Authorization data is wrong!". Secrets are compared in constant time.
 */
export function checkWebhookAuth(auth: WebhookAuth, headers: Record<string, string | string[] | undefined>): AuthRefusal | undefined {
  if (auth.kind === 'none') return undefined;
  if (auth.kind === 'basicAuth') {
    const given = basicCredentials(single(headers.authorization));
    if (given === undefined) return { statusCode: 401, message: 'Authorization is required!' };
    // Both compared, always: the timing must not tell which of the two was wrong.
    const userOk = sameSecret(given.user, auth.user);
    const passwordOk = sameSecret(given.password, auth.password);
    return userOk && passwordOk ? undefined : { statusCode: 403, message: 'Authorization data is wrong!' };
  }
  const value = single(headers[auth.name]);
  if (value === undefined || !sameSecret(value, auth.value)) return { statusCode: 403, message: 'Authorization data is wrong!' };
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
