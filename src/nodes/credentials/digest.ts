import { createHash, randomBytes } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** A `WWW-Authenticate: Digest ...` challenge's value for `key`, unquoted (n8n's lenient parse). */
function challengeValue(challenge: string, key: string): string | undefined {
  const pair = challenge
    .split(',')
    .map((part) => part.split('='))
    .find(([name]) => name.toLowerCase().includes(key));
  return pair?.[1]?.replace(/"/g, '');
}

/** True when a 401's challenge is one n8n answers with digest auth (it carries a nonce). */
export function isDigestChallenge(status: number, challenge: string | undefined): challenge is string {
  return status === 401 && typeof challenge === 'string' && challenge.includes('nonce');
}

/**
 * The Authorization header answering a digest challenge, as n8n's HTTP stack builds it:
 * MD5, qop "auth" always, nc "000000001" (nine digits, n8n's), a 48-hex-digit cnonce, the
 * path with its query as `uri`, and the opaque value echoed when given.
 */
export function digestAuthorization(challenge: string, method: string, url: string, user: string, password: string, cnonce = randomBytes(24).toString('hex')): string {
  const realm = challengeValue(challenge, 'realm') ?? '';
  const nonce = challengeValue(challenge, 'nonce') ?? '';
  const opaque = challengeValue(challenge, 'opaque');
  const nonceCount = '000000001';
  const parsed = new URL(url);
  const path = parsed.pathname + parsed.search;
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${path}`);
  const response = md5(`${ha1}:${nonce}:${nonceCount}:${cnonce}:auth:${ha2}`);
  let header = `Digest username="${user}",realm="${realm}",nonce="${nonce}",uri="${path}",qop="auth",algorithm="MD5",response="${response}",nc="${nonceCount}",cnonce="${cnonce}"`;
  if (opaque !== undefined) header += `,opaque="${opaque}"`;
  return header;
}
