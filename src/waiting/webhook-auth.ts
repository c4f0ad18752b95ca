import { timingSafeEqual } from 'node:crypto';
import type { WebhookReply } from '../contracts/node-services';
import { isJsonObject, type JsonObject } from '../workflow/json';
import type { NodeJson } from '../workflow/types';

export type RequestHeaders = Record<string, string | string[] | undefined>;
export type CredentialType = 'httpBasicAuth' | 'httpHeaderAuth';

/** Finds the secret values of a node's credential; undefined when it has none. */
export type CredentialLookup = (node: NodeJson, type: CredentialType) => JsonObject | undefined;

/**
 * The default lookup: values given inline on the node (`credentials.httpBasicAuth: {user,
 * password}`, `credentials.httpHeaderAuth: {name, value}`), as workflows from Odoo carry them.
 */
export const inlineCredentials: CredentialLookup = (node, type) => {
  const credential = node.credentials?.[type];
  return isJsonObject(credential) ? credential : undefined;
};

function plain(statusCode: number, message: string, basicRealm = false): WebhookReply {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (basicRealm) headers['www-authenticate'] = 'Basic realm="Webhook"';
  return { statusCode, headers, body: message };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * n8n's webhook authentication with its answers: 500 when the node has no credential data,
 * 401 when basic auth is missing, 403 when what was sent is wrong. Undefined: let it in.
 */
export function checkWebhookAuth(
  authentication: 'none' | 'basicAuth' | 'headerAuth',
  node: NodeJson | undefined,
  headers: RequestHeaders,
  lookup: CredentialLookup,
): WebhookReply | undefined {
  if (authentication === 'none') return undefined;
  if (authentication === 'basicAuth') {
    const credential = node ? lookup(node, 'httpBasicAuth') : undefined;
    const user = text(credential?.user);
    const password = text(credential?.password);
    if (user === '' || password === '') return plain(500, 'No authentication data defined on node!', true);
    const given = parseBasicAuth(header(headers, 'authorization'));
    if (given === undefined) return plain(401, 'Authorization is required!', true);
    if (!sameSecret(user, given.user) || !sameSecret(password, given.password)) return plain(403, 'Authorization data is wrong!', true);
    return undefined;
  }
  const credential = node ? lookup(node, 'httpHeaderAuth') : undefined;
  const name = text(credential?.name);
  const value = text(credential?.value);
  if (name === '' || value === '') return plain(500, 'No authentication data defined on node!', true);
  const given = header(headers, name);
  if (given === undefined || !sameSecret(value, given)) return plain(403, 'Authorization data is wrong!', true);
  return undefined;
}

function parseBasicAuth(value: string | undefined): { user: string; password: string } | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A rough version of n8n's isbot check for the Ignore Bots option: link previewers and crawlers. */
export function looksLikeBot(headers: RequestHeaders): boolean {
  const agent = header(headers, 'user-agent') ?? '';
  return /bot|crawler|spider|crawling|preview|facebookexternalhit|slurp|curl-image/i.test(agent);
}

export { plain as plainReply };
