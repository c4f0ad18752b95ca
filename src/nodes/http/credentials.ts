import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../contracts/node-services';
import type { NodeContext } from '../../contracts/node-type';
import { digestAuthorization, isDigestChallenge } from '../credentials/digest';
import { requestWithOAuth2 } from '../credentials/oauth2';
import { stringParam } from '../transform/utils/params';

/**
 * The HTTP Request node's authentication, as n8n's v3+ node applies it:
 * - Generic Credential Type (`genericAuthType`, read from the first item): basic (an
 *   Authorization header), bearer, header, query, digest (sent without, answered on a 401
 *   digest challenge), custom (its JSON's headers, qs and body merged in) and OAuth2.
 * - Predefined Credential Type (`nodeCredentialType`): what the credential type's own
 *   `authenticate` adds; a type without one adds nothing, as in n8n.
 */

/** What authentication adds to one item's request before it is built. */
export interface RequestAuth {
  headers: Record<string, string>;
  query: JsonObject;
  /** Custom auth's `body` fields, merged into an object body. */
  body?: JsonObject;
  /** Sends the finished request when authentication needs a round trip (digest, OAuth2). */
  send?: (client: HttpClient, options: HttpRequestOptions) => Promise<HttpResponse>;
}

const GENERIC_TYPES = ['httpBasicAuth', 'httpBearerAuth', 'httpDigestAuth', 'httpHeaderAuth', 'httpQueryAuth', 'httpCustomAuth', 'oAuth2Api'];

/** Predefined types whose n8n definition adds headers; others known here add nothing. */
const PREDEFINED_HEADERS: Record<string, (credential: JsonObject) => Record<string, string>> = {
  httpHeaderAuth: (credential) => ({ [text(credential.name)]: text(credential.value) }),
  httpBearerAuth: (credential) => ({ Authorization: `Bearer ${text(credential.token)}` }),
  openAiApi: (credential) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${text(credential.apiKey)}`, 'OpenAI-Organization': text(credential.organizationId) };
    if (credential.header === true && typeof credential.headerName === 'string' && credential.headerName !== '' && typeof credential.headerValue === 'string') {
      headers[credential.headerName] = credential.headerValue;
    }
    return headers;
  },
};
const PREDEFINED_WITHOUT_AUTHENTICATE = ['httpBasicAuth', 'httpDigestAuth', 'httpQueryAuth', 'httpCustomAuth', 'odooApi', 'smtp', 'jwtAuth', 'totpApi'];

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function parseCustomAuth(ctx: NodeContext, json: JsonValue | undefined, itemIndex: number): JsonObject {
  if (isJsonObject(json)) return json;
  const source = typeof json === 'string' && json !== '' ? json : '{}';
  try {
    const parsed: unknown = JSON.parse(source);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // The JSON is a secret: its parse error (which quotes it) is not repeated.
  }
  throw new NodeOperationError(ctx.node.name, 'Invalid Custom Auth JSON', { itemIndex });
}

function digestSender(user: string, password: string): RequestAuth['send'] {
  return async (client, options) => {
    const first = await client.request(options);
    const challenge = first.headers['www-authenticate'];
    if (!isDigestChallenge(first.statusCode, challenge)) return first;
    return client.request({ ...options, headers: { ...options.headers, authorization: digestAuthorization(challenge, options.method, options.url, user, password) } });
  };
}

async function genericAuth(ctx: NodeContext, itemIndex: number): Promise<RequestAuth> {
  const type = stringParam(ctx, 'genericAuthType', 0, '');
  if (!GENERIC_TYPES.includes(type)) {
    throw new NodeOperationError(ctx.node.name, `The credential type "${type}" is not supported by this service`, {
      description: `Supported generic credential types: ${GENERIC_TYPES.join(', ')}`,
      itemIndex,
    });
  }
  return credentialAuth(ctx, type, itemIndex);
}

/**
 * What a generic credential of `type` (httpBasicAuth, httpBearerAuth, httpDigestAuth,
 * httpHeaderAuth, httpQueryAuth, httpCustomAuth, oAuth2Api) adds to item `itemIndex`'s
 * request; the GraphQL node picks the type from its own `authentication` values.
 */
export async function credentialAuth(ctx: NodeContext, type: string, itemIndex: number): Promise<RequestAuth> {
  const auth: RequestAuth = { headers: {}, query: {} };
  if (type === 'oAuth2Api') {
    // Read now so a missing or undecryptable credential fails this item before sending.
    await ctx.getCredentials(type, itemIndex);
    auth.send = (client, options) => requestWithOAuth2({ ctx, type, itemIndex, client, options });
    return auth;
  }
  const credential = await ctx.getCredentials<JsonObject>(type, itemIndex);
  if (type === 'httpBasicAuth') auth.headers.Authorization = `Basic ${Buffer.from(`${text(credential.user)}:${text(credential.password)}`).toString('base64')}`;
  else if (type === 'httpBearerAuth') auth.headers.Authorization = `Bearer ${text(credential.token)}`;
  else if (type === 'httpHeaderAuth') auth.headers[text(credential.name)] = text(credential.value);
  else if (type === 'httpQueryAuth') auth.query[text(credential.name)] = text(credential.value);
  else if (type === 'httpDigestAuth') auth.send = digestSender(text(credential.user), text(credential.password));
  else if (type === 'httpCustomAuth') {
    const custom = parseCustomAuth(ctx, credential.json, itemIndex);
    if (isJsonObject(custom.headers)) for (const [key, value] of Object.entries(custom.headers)) auth.headers[key] = text(value);
    if (isJsonObject(custom.qs)) Object.assign(auth.query, custom.qs);
    if (isJsonObject(custom.body)) auth.body = custom.body;
  }
  return auth;
}

/** What a predefined credential type (`nodeCredentialType`) adds: its n8n `authenticate`. */
export async function predefinedCredentialAuth(ctx: NodeContext, itemIndex: number): Promise<RequestAuth> {
  const type = stringParam(ctx, 'nodeCredentialType', itemIndex, '');
  const auth: RequestAuth = { headers: {}, query: {} };
  if (type === 'oAuth2Api') {
    await ctx.getCredentials(type, itemIndex);
    auth.send = (client, options) => requestWithOAuth2({ ctx, type, itemIndex, client, options });
    return auth;
  }
  const headersFor = PREDEFINED_HEADERS[type];
  if (headersFor === undefined && !PREDEFINED_WITHOUT_AUTHENTICATE.includes(type)) {
    throw new NodeOperationError(ctx.node.name, `The credential type "${type}" is not supported by this service`, {
      description: `Supported predefined credential types: ${[...Object.keys(PREDEFINED_HEADERS), 'oAuth2Api', ...PREDEFINED_WITHOUT_AUTHENTICATE].join(', ')}`,
      itemIndex,
    });
  }
  const credential = await ctx.getCredentials<JsonObject>(type, itemIndex);
  if (headersFor) Object.assign(auth.headers, headersFor(credential));
  return auth;
}

/** Item `itemIndex`'s authentication from the node's `authentication` parameter. */
export async function requestAuth(ctx: NodeContext, itemIndex: number): Promise<RequestAuth | undefined> {
  const authentication = stringParam(ctx, 'authentication', 0, 'none');
  if (authentication === 'none') return undefined;
  if (authentication === 'genericCredentialType') return genericAuth(ctx, itemIndex);
  if (authentication === 'predefinedCredentialType') return predefinedCredentialAuth(ctx, itemIndex);
  throw new NodeOperationError(ctx.node.name, `Authentication "${authentication}" is not supported by this service`, { itemIndex });
}
