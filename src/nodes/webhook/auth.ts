import { createHash, timingSafeEqual } from 'node:crypto';
import type { JsonObject } from '../../workflow/json';
import type { WebhookReply } from '../../contracts/node-services';
import { textReply } from './reply';
import { jwtAuthFromCredential, verifyWebhookJwt, type JwtWebhookAuth } from './jwt-auth';

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The `authentication` choices of n8n's Webhook node (`incomingAuthentication` on the Wait node) we serve. */
export type WebhookAuthKind = 'none' | 'basicAuth' | 'headerAuth' | 'jwtAuth';
export const WEBHOOK_AUTH_KINDS: readonly WebhookAuthKind[] = ['none', 'basicAuth', 'headerAuth', 'jwtAuth'];

/** The credential type each kind takes its secrets from (n8n's type names). */
export const AUTH_CREDENTIAL_TYPE = { basicAuth: 'httpBasicAuth', headerAuth: 'httpHeaderAuth', jwtAuth: 'jwtAuth' } as const satisfies Record<
  Exclude<WebhookAuthKind, 'none'>,
  string
>;

/** A webhook's authentication with its secrets resolved, whatever store they came from. */
export type WebhookAuth =
  | { kind: 'none' }
  | { kind: 'basicAuth'; user: string; password: string }
  /** `name` in lower case, as Node gives request headers. */
  | { kind: 'headerAuth'; name: string; value: string }
  | JwtWebhookAuth;

export function isWebhookAuthKind(value: unknown): value is WebhookAuthKind {
  return WEBHOOK_AUTH_KINDS.some((kind) => kind === value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The secrets of a kind from a credential's data (`{user, password}` or `{name, value}`);
 * undefined when they are missing or empty, which n8n answers with 500 "No authentication
 * data defined on node!".
 */
export function webhookAuthFromCredential(kind: WebhookAuthKind, data: JsonObject | undefined): WebhookAuth | undefined {
  if (kind === 'none') return { kind };
  if (kind === 'jwtAuth') return jwtAuthFromCredential(data);
  if (kind === 'basicAuth') {
    const user = text(data?.user) || text(data?.username);
    const password = text(data?.password);
    return user === '' || password === '' ? undefined : { kind, user, password };
  }
  const name = text(data?.name);
  const value = text(data?.value);
  return name === '' || value === '' ? undefined : { kind, name: name.toLowerCase(), value };
}

/** n8n's webhook authentication refusals: plain text with a Basic challenge, whatever the kind. */
function refusal(statusCode: 401 | 403 | 500, message: string): WebhookReply {
  return textReply(statusCode, message, { 'www-authenticate': 'Basic realm="Webhook"' });
}

export const MISSING_AUTH_DATA = (): WebhookReply => refusal(500, 'No authentication data defined on node!');
const AUTH_REQUIRED = (): WebhookReply => refusal(401, 'Authorization is required!');
export const AUTH_WRONG = (): WebhookReply => refusal(403, 'Authorization data is wrong!');

/** Compares through SHA-256 digests so neither the content nor the length leaks through timing. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The basic-auth package's parsing, as n8n uses it: `Basic <base64 of user:pass>`. */
function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = header === undefined ? null : /^ *[Bb][Aa][Ss][Ii][Cc] +([A-Za-z0-9._~+/-]+=*) *$/.exec(header);
  if (match === null) return undefined;
  const decoded = /^([^:]*):(.*)$/s.exec(Buffer.from(match[1] as string, 'base64').toString('utf8'));
  return decoded === null ? undefined : { user: decoded[1] as string, password: decoded[2] as string };
}

/**
 * Checks a call against a webhook's authentication, with n8n's answers: no usable Basic
 * credentials 401 "Authorization is required!", wrong credentials or header 403
 * "Authorization data is wrong!"; JWT: no token 401 "No token provided", a token that does
 * not verify 403 with jsonwebtoken's reason. Undefined: let the call in. Secrets are compared in
 * constant time, and both Basic fields always, so timing does not tell which was wrong.
 */
export function checkWebhookAuth(auth: WebhookAuth, headers: RequestHeaders): WebhookReply | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'basicAuth': {
      const given = basicCredentials(single(headers.authorization));
      if (given === undefined) return AUTH_REQUIRED();
      const userOk = sameSecret(given.user, auth.user);
      const passwordOk = sameSecret(given.password, auth.password);
      return userOk && passwordOk ? undefined : AUTH_WRONG();
    }
    case 'headerAuth': {
      const given = single(headers[auth.name]);
      return given !== undefined && sameSecret(given, auth.value) ? undefined : AUTH_WRONG();
    }
    case 'jwtAuth': {
      const verdict = verifyWebhookJwt(auth, single(headers.authorization));
      return verdict.ok ? undefined : refusal(verdict.statusCode, verdict.message);
    }
  }
}
