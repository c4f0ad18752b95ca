import type { NodeContext } from '../../../contracts/node-type';
import type { HttpClient } from '../../../contracts/node-services';
import { FetchHttpClient } from '../../http/fetch-client';
import { httpStatusError, transportFailure, type NodeApiError } from '../../http/node-api-error';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { DEFAULT_BASE_URL } from '../openai/client';

const fallbackClient = new FetchHttpClient();

/** n8n's request helper gives up after five minutes; a model call may be slow, not that slow. */
const REQUEST_TIMEOUT_MS = 300_000;

/** An OpenAI API error the node reports: n8n's NodeApiError plus the API's error code. */
export interface OpenAiApiFailure {
  error: NodeApiError;
  /** `error.code` of the OpenAI error body (`insufficient_quota`...), when there is one. */
  apiCode?: string;
}

export class OpenAiApiError extends Error {
  constructor(readonly failure: OpenAiApiFailure) {
    super(failure.error.message);
    this.name = 'OpenAiApiError';
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The OpenAI error body's `error.code`, read the way n8n's router reads it. */
function apiCodeOf(bodyText: string): string | undefined {
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: unknown } };
    return typeof body?.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** The headers n8n's openAiApi credential puts on a request: bearer key, organization, one custom header. */
function credentialHeaders(credentials: JsonObject): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${text(credentials.apiKey)}` };
  if (text(credentials.organizationId) !== '') headers['openai-organization'] = text(credentials.organizationId);
  if (credentials.header === true && text(credentials.headerName) !== '' && typeof credentials.headerValue === 'string') {
    headers[text(credentials.headerName)] = credentials.headerValue;
  }
  return headers;
}

/**
 * One call to the OpenAI API as the OpenAI node makes it (n8n's apiRequest): the credential's
 * base URL plus `endpoint`, JSON in and out. A body that is not JSON comes back as text, as
 * n8n's request helper hands it over. Failures throw an OpenAiApiError holding n8n's
 * NodeApiError (status or connection message, the API's own message as description).
 */
export async function openAiApiRequest(ctx: NodeContext, endpoint: string, body: JsonObject, itemIndex: number): Promise<JsonValue> {
  const credentials = await ctx.getCredentials('openAiApi', itemIndex);
  const baseUrl = (text(credentials.url) || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const client: HttpClient = ctx.services.http ?? fallbackClient;
  let response;
  try {
    response = await client.request({
      method: 'POST',
      url: `${baseUrl}${endpoint}`,
      headers: { ...credentialHeaders(credentials), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: REQUEST_TIMEOUT_MS,
      signal: ctx.signal,
    });
  } catch (error) {
    if (ctx.signal.aborted || !(error instanceof Error)) throw error;
    throw new OpenAiApiError({ error: transportFailure(ctx.node.name, error as Error & { code?: string }, itemIndex) });
  }
  const bodyText = response.body.toString('utf8');
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new OpenAiApiError({ error: httpStatusError(ctx.node.name, response.statusCode, bodyText, itemIndex), apiCode: apiCodeOf(bodyText) });
  }
  let reply: JsonValue;
  try {
    reply = JSON.parse(bodyText) as JsonValue;
  } catch {
    return bodyText;
  }
  // n8n drops a null `error` from the reply (the Responses API always sends one).
  if (reply !== null && typeof reply === 'object' && !Array.isArray(reply) && reply.error === null) delete reply.error;
  return reply;
}
