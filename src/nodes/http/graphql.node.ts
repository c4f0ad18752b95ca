import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Item } from '../../contracts/run-data';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../contracts/node-services';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { asObject, listParam, stringParam } from '../transform/utils/params';
import { credentialAuth, predefinedCredentialAuth, type RequestAuth } from './credentials';
import { FetchHttpClient } from './fetch-client';
import { NodeApiError, transportFailure } from './node-api-error';

/**
 * GraphQL (n8n-nodes-base.graphql v1, v1.1): one request per item, POST (JSON body with query,
 * variables and operationName, or the raw query as `application/graphql`) or GET (`?query=`),
 * answered as items (a JSON array gives one item per element) or as a string field. Any HTTP
 * status is an answer; a body with `errors` fails the item with their messages joined.
 */

const fallbackClient = new FetchHttpClient();
const TIMEOUT_MS = 300_000;

/** The node's `authentication` values and the generic credential type each reads. */
const CREDENTIAL_TYPES: Record<string, string> = {
  basicAuth: 'httpBasicAuth',
  customAuth: 'httpCustomAuth',
  digestAuth: 'httpDigestAuth',
  headerAuth: 'httpHeaderAuth',
  queryAuth: 'httpQueryAuth',
  oAuth2: 'oAuth2Api',
};

/**
 * The credential's contribution, read once for all items as n8n does. n8n ignores a generic
 * credential that cannot be read (the request goes without it); a predefined type fails each
 * item when it sends.
 */
async function nodeAuth(ctx: NodeContext): Promise<{ auth?: RequestAuth; failure?: unknown }> {
  const authentication = stringParam(ctx, 'authentication', 0, 'none');
  if (authentication === 'none') return {};
  if (authentication === 'oAuth1') {
    throw new NodeOperationError(ctx.node.name, 'OAuth1 authentication is not supported by this service', {
      description: 'Use OAuth2, header, query, basic, digest or custom authentication',
    });
  }
  if (authentication === 'predefinedCredentialType') {
    try {
      return { auth: await predefinedCredentialAuth(ctx, 0) };
    } catch (error) {
      return { failure: error };
    }
  }
  const type = CREDENTIAL_TYPES[authentication];
  if (type === undefined) throw new NodeOperationError(ctx.node.name, `Authentication "${authentication}" is not supported by this service`);
  try {
    return { auth: await credentialAuth(ctx, type, 0) };
  } catch {
    return {};
  }
}

/** A parameter as written, else n8n's default for the version and method (hidden ones read their fallback). */
function requestFormatOf(ctx: NodeContext, method: string, itemIndex: number): string {
  // The editor shows the format for POST only: GET always reads n8n's fallback, JSON.
  if (method !== 'POST') return 'json';
  return stringParam(ctx, 'requestFormat', itemIndex, ctx.node.typeVersion < 1.1 ? 'graphql' : 'json');
}

function parseVariables(ctx: NodeContext, itemIndex: number): JsonValue {
  const variables = ctx.getParam<JsonValue | undefined>('variables', itemIndex, {});
  if (typeof variables === 'string') {
    try {
      return JSON.parse(variables || '{}') as JsonValue;
    } catch (error) {
      throw new NodeOperationError(ctx.node.name, `Using variables failed:\n${variables}\n\nWith error message:\n${String(error)}`, { itemIndex });
    }
  }
  if (typeof variables === 'object' && variables !== null) return variables;
  throw new NodeOperationError(ctx.node.name, `Using variables failed:\n${String(variables)}\n\nGraphQL variables should be either an object or a string.`, { itemIndex });
}

function headerParameters(ctx: NodeContext, itemIndex: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of listParam(ctx, 'headerParametersUi.parameter', itemIndex)) {
    const { name, value } = asObject(entry);
    headers[String(name ?? '')] = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  }
  return headers;
}

interface GraphqlRequest {
  options: HttpRequestOptions;
  /** JSON requests get their answer parsed when it is JSON (n8n's `json: true`). */
  json: boolean;
}

function buildRequest(ctx: NodeContext, itemIndex: number, auth: RequestAuth | undefined): GraphqlRequest {
  const method = stringParam(ctx, 'requestMethod', itemIndex, 'POST');
  const endpoint = stringParam(ctx, 'endpoint', itemIndex, '');
  const requestFormat = requestFormatOf(ctx, method, itemIndex);
  const headers: Record<string, string> = { 'content-type': `application/${requestFormat}`, ...headerParameters(ctx, itemIndex) };
  // n8n's HTTP stack names itself; fetch would say "node".
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'user-agent')) headers['user-agent'] = 'n8n';
  const query: Record<string, string> = {};
  let body: JsonObject | undefined = auth?.body;
  if (auth) {
    Object.assign(headers, auth.headers);
    for (const [key, value] of Object.entries(auth.query)) query[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const gqlQuery = stringParam(ctx, 'query', itemIndex, '');
  if (method === 'GET') query.query = gqlQuery;
  let payload: string;
  const json = requestFormat === 'json';
  if (json) {
    const operationName = stringParam(ctx, 'operationName', itemIndex, '');
    body = { ...body, query: gqlQuery, variables: parseVariables(ctx, itemIndex), operationName: operationName === '' ? null : operationName };
    payload = JSON.stringify(body);
    if (!Object.keys(headers).some((key) => key.toLowerCase() === 'accept')) headers.accept = 'application/json';
  } else {
    payload = gqlQuery;
  }
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries(query)) url.searchParams.append(key, value);
  return { options: { method, url: url.toString(), headers, body: payload, timeoutMs: TIMEOUT_MS, signal: ctx.signal }, json };
}

function parseBody(response: HttpResponse, json: boolean): JsonValue {
  const text = response.body.toString('utf8');
  if (!json) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** n8n's returnJsonArray: an array gives one item per element, anything else one item. */
function toItems(value: JsonValue, itemIndex: number): Item[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => ({ json: (isJsonObject(entry) && isJsonObject(entry.json) ? entry.json : entry) as JsonObject, pairedItem: { item: itemIndex } }));
}

/** The answer's `errors` as one message, or undefined when it has none. */
function errorsOf(response: JsonValue): string | undefined {
  let value = response;
  if (typeof value === 'string' && value.startsWith('{"errors":')) {
    try {
      const parsed = JSON.parse(value) as JsonValue;
      if (isJsonObject(parsed) && Array.isArray(parsed.errors)) value = parsed;
    } catch {
      // Not JSON after all: no errors to report.
    }
  }
  if (!isJsonObject(value) || !value.errors) return undefined;
  if (Array.isArray(value.errors)) {
    return value.errors.map((error) => (isJsonObject(error) && error.message !== undefined ? String(error.message) : String(error))).join(', ');
  }
  return typeof value.errors === 'string' ? value.errors : 'Unexpected error';
}

/** Runs item `itemIndex`; the items its answer gives are pushed before its `errors` fail it (n8n keeps both on continue). */
async function runItem(ctx: NodeContext, client: HttpClient, itemIndex: number, auth: { auth?: RequestAuth; failure?: unknown }, output: Item[]): Promise<void> {
  const request = buildRequest(ctx, itemIndex, auth.auth);
  if (auth.failure !== undefined) throw auth.failure;
  let response: HttpResponse;
  try {
    response = await (auth.auth?.send ? auth.auth.send(client, request.options) : client.request(request.options));
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw transportFailure(ctx.node.name, error as Error & { code?: string }, itemIndex);
  }
  let body = parseBody(response, request.json);
  if (stringParam(ctx, 'responseFormat', 0, 'json') === 'string') {
    output.push({ json: { [stringParam(ctx, 'dataPropertyName', 0, 'data')]: body }, pairedItem: { item: itemIndex } });
  } else {
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body) as JsonValue;
      } catch {
        throw new NodeOperationError(ctx.node.name, 'Response body is not valid JSON. Change "Response Format" to "String"', { itemIndex });
      }
    }
    output.push(...toItems(body, itemIndex));
  }
  const errors = errorsOf(body);
  // n8n throws this one without the item's index.
  if (errors !== undefined) throw new NodeApiError(ctx.node.name, errors, { httpCode: null });
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const client = ctx.services.http ?? fallbackClient;
  const auth = await nodeAuth(ctx);
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < ctx.getInputItems().length; itemIndex++) {
    try {
      await runItem(ctx, client, itemIndex, auth, output);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      // n8n's error item holds the transport's own message (`connect ECONNREFUSED ...`).
      const raw = error instanceof NodeApiError && error.cause instanceof Error ? error.cause : (error as Error);
      output.push({ json: { error: raw.message }, pairedItem: { item: itemIndex } });
    }
  }
  return [output];
}

export const graphqlNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.graphql',
  aliases: ['graphql'],
  displayName: 'GraphQL',
  versions: [1, 1.1],
  execute,
};
