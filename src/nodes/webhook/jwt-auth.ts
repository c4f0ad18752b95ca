import type * as JsonWebToken from 'jsonwebtoken';
import type { Algorithm } from 'jsonwebtoken';
import { lazyLibrary } from '../lazy-library';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { normalizePem } from '../data/crypto/pem';

/** Loaded on the first JWT-protected call: most webhooks never need it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwt = lazyLibrary(() => require('jsonwebtoken') as typeof JsonWebToken);

/** JWT authentication of a webhook, from an n8n `jwtAuth` credential. */
export interface JwtWebhookAuth {
  kind: 'jwtAuth';
  /** The passphrase, or the PEM public key (a one-line paste rebuilt as n8n does). */
  key: string;
  algorithm: string;
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The verification key of a `jwtAuth` credential: `secret` for keyType `passphrase` (the
 * default), else `publicKey`. As n8n, only a missing credential counts as "no data"; an
 * empty key makes verification fail (403) instead.
 */
export function jwtAuthFromCredential(data: JsonObject | undefined): JwtWebhookAuth | undefined {
  if (data === undefined) return undefined;
  const keyType = text(data.keyType) || 'passphrase';
  const key = keyType === 'passphrase' ? text(data.secret) : normalizePem(text(data.publicKey), true);
  return { kind: 'jwtAuth', key, algorithm: text(data.algorithm) || 'HS256' };
}

/** The token of `Authorization: <scheme> <token>` (n8n takes the second word, whatever the scheme). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const token = authorization?.split(' ')[1];
  return token === undefined || token === '' ? undefined : token;
}

export type JwtVerdict = { ok: true } | { ok: false; statusCode: 401 | 403; message: string };

/**
 * n8n's Webhook JWT check: no token 401 "No token provided"; a token that does not verify
 * with the key and the credential's one algorithm 403 with jsonwebtoken's own message
 * ("invalid signature", "jwt expired", "invalid algorithm"...).
 */
export function verifyWebhookJwt(auth: JwtWebhookAuth, authorization: string | undefined): JwtVerdict {
  const token = bearerToken(authorization);
  if (token === undefined) return { ok: false, statusCode: 401, message: 'No token provided' };
  try {
    jwt().verify(token, auth.key, { algorithms: [auth.algorithm as Algorithm] });
    return { ok: true };
  } catch (error) {
    return { ok: false, statusCode: 403, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The payload of a token that passed `verifyWebhookJwt` (what n8n puts on the item as
 * `jwtPayload`): decoding the verified token gives what verification returned.
 */
export function verifiedJwtPayload(authorization: string | undefined): JsonValue | undefined {
  const token = bearerToken(authorization);
  if (token === undefined) return undefined;
  const payload = jwt().decode(token) as JsonValue | null;
  return payload === null ? undefined : payload;
}
