import { NodeOperationError, errorMessage } from '../../errors';
import { isJsonObject, type JsonObject } from '../../workflow/json';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../contracts/node-services';
import type { NodeContext } from '../../contracts/node-type';

/**
 * OAuth2 as n8n's requestOAuth2 does it: the stored token (`oauthTokenData`) signs the
 * request as `Authorization: Bearer <access_token>`; the client-credentials grant fetches a
 * token when none is stored; an answer with the credential's `tokenExpiredStatusCode`
 * (401) gets a new token (client credentials again, or the refresh token for the
 * authorization-code grant) and the request is sent once more. New tokens are written back
 * into the credential, encrypted. The authorization-code consent itself happens in n8n (or
 * any tool): its tokens arrive with the credential's import.
 */

const TOKEN_HEADERS = { Accept: 'application/json, application/x-www-form-urlencoded', 'Content-Type': 'application/x-www-form-urlencoded' };
const TOKEN_TIMEOUT_MS = 300_000;

/** The standard OAuth2 error codes' explanations (RFC 6749 5.2), which n8n's client reports. */
const OAUTH_ERRORS: Record<string, string> = {
  invalid_request: 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  invalid_client: 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  invalid_grant:
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unauthorized_client: 'The client is not authorized to request an authorization code using this method.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
};

class TokenEndpointError extends Error {
  constructor(
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** `a=1&b=x%20y`, as the qs library n8n uses encodes a flat object. */
function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

async function tokenRequest(client: HttpClient, credentials: JsonObject, grant: Record<string, string>, signal: AbortSignal): Promise<JsonObject> {
  const headers: Record<string, string> = { ...TOKEN_HEADERS };
  const body: Record<string, string> = { ...grant };
  if (credentials.authentication === 'body') {
    body.client_id = text(credentials.clientId);
    body.client_secret = text(credentials.clientSecret);
  } else {
    headers.Authorization = `Basic ${Buffer.from(`${text(credentials.clientId)}:${text(credentials.clientSecret)}`).toString('base64')}`;
  }
  const response = await client.request({ method: 'POST', url: text(credentials.accessTokenUrl), headers, body: formEncode(body), timeoutMs: TOKEN_TIMEOUT_MS, signal });
  const raw = response.body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = (response.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
  } catch {
    // The endpoint's body is not repeated: a misconfigured endpoint may echo what it got.
    throw new TokenEndpointError(`the token endpoint answered ${response.statusCode} with a body that is not JSON`);
  }
  const data = isJsonObject(parsed) ? parsed : {};
  if (response.statusCode >= 400) {
    const code = typeof data.error === 'string' ? data.error : undefined;
    const explanation = (code !== undefined ? OAUTH_ERRORS[code] : undefined) ?? (typeof data.error_description === 'string' ? data.error_description : code);
    throw new TokenEndpointError(explanation ?? `the token endpoint answered ${response.statusCode}`, code);
  }
  if (response.statusCode >= 300) throw new TokenEndpointError(`the token endpoint answered ${response.statusCode}`);
  return data;
}

/** n8n stores the token response with `n8n_expires_at` (ms, as text) when it says `expires_in`. */
function withExpiry(data: JsonObject): JsonObject {
  const seconds = Number(data.expires_in);
  return Number.isFinite(seconds) && seconds > 0 ? { ...data, n8n_expires_at: String(Date.now() + seconds * 1000) } : data;
}

function scopeGrant(credentials: JsonObject): Record<string, string> {
  const scopes = text(credentials.scope)
    .split(' ')
    .map((scope) => scope.trim())
    .filter(Boolean);
  return scopes.length > 0 ? { scope: scopes.join(' ') } : {};
}

function additionalBody(credentials: JsonObject): Record<string, string> {
  if (typeof credentials.additionalBodyProperties !== 'string' || credentials.additionalBodyProperties.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(credentials.additionalBodyProperties);
    return isJsonObject(parsed) ? Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, text(value)])) : {};
  } catch {
    return {};
  }
}

function credentialLabel(ctx: NodeContext, type: string): string {
  const reference = ctx.node.credentials?.[type];
  return isJsonObject(reference) && typeof reference.name === 'string' ? `"${reference.name}"` : `of type "${type}"`;
}

export interface OAuth2Request {
  ctx: NodeContext;
  /** The credential type holding the OAuth2 fields (oAuth2Api, or a service's OAuth2 type). */
  type: string;
  itemIndex: number;
  client: HttpClient;
  options: HttpRequestOptions;
}

/** Sends `options` signed with the credential's token, refreshing it once when it expired. */
export async function requestWithOAuth2({ ctx, type, itemIndex, client, options }: OAuth2Request): Promise<HttpResponse> {
  const credentials = await ctx.getCredentials<JsonObject>(type, itemIndex);
  const nodeName = ctx.node.name;
  let token = isJsonObject(credentials.oauthTokenData) ? credentials.oauthTokenData : undefined;
  const clientCredentials = credentials.grantType === 'clientCredentials';
  if (!clientCredentials && token === undefined) throw new NodeOperationError(nodeName, 'OAuth credentials not connected', { itemIndex });
  if (clientCredentials && (token === undefined || Object.keys(token).length === 0 || token.access_token === '')) {
    try {
      token = withExpiry(await tokenRequest(client, credentials, { grant_type: 'client_credentials', ...additionalBody(credentials), ...scopeGrant(credentials) }, ctx.signal));
    } catch (error) {
      throw new NodeOperationError(nodeName, `Failed to acquire OAuth2 access token: ${errorMessage(error)}`, { itemIndex });
    }
    await ctx.updateCredentials(type, { oauthTokenData: token });
  }
  const sign = (data: JsonObject): HttpRequestOptions => ({ ...options, headers: { ...options.headers, Authorization: `Bearer ${text(data.access_token)}` } });
  const response = await client.request(sign(token ?? {}));
  const expiredStatus = Number(credentials.tokenExpiredStatusCode ?? 401);
  if (response.statusCode !== expiredStatus) return response;

  let fresh: JsonObject;
  try {
    if (clientCredentials) {
      fresh = await tokenRequest(client, credentials, { grant_type: 'client_credentials', ...additionalBody(credentials), ...scopeGrant(credentials) }, ctx.signal);
    } else {
      const refreshToken = text(token?.refresh_token);
      if (refreshToken === '') throw new TokenEndpointError('OAuth access token expired and no refresh token is available. Please reconnect the credentials.');
      fresh = await tokenRequest(client, credentials, { refresh_token: refreshToken, grant_type: 'refresh_token' }, ctx.signal);
    }
  } catch (error) {
    if (error instanceof TokenEndpointError && error.oauthError === 'invalid_grant') {
      throw new NodeOperationError(nodeName, `The credential ${credentialLabel(ctx, type)} needs to be reconnected.`, {
        description:
          'Access could not be refreshed because the connected account has revoked access, the refresh token expired, or the account password or permissions changed. Open the credential and reconnect it to continue.',
        itemIndex,
      });
    }
    throw new NodeOperationError(nodeName, `The OAuth2 token of credential ${credentialLabel(ctx, type)} could not be refreshed: ${errorMessage(error)}`, { itemIndex });
  }
  const refreshed = withExpiry({ ...(token ?? {}), ...fresh });
  await ctx.updateCredentials(type, { oauthTokenData: refreshed });
  return client.request(sign(refreshed));
}
