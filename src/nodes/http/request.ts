import { binaryToBuffer } from '../binary-helpers';
import { NodeOperationError, errorMessage } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Item } from '../../contracts/run-data';
import type { HttpRequestOptions } from '../../contracts/node-services';
import type { NodeContext } from '../../contracts/node-type';
import { setPath } from '../transform/utils/object-path';
import { asObject, booleanParam, listParam, numberParam, objectParam, stringParam, valueParam } from '../transform/utils/params';
import { requestAuth, type RequestAuth } from './credentials';
import { multipartBody, stringifyForm, stringifyQuery, urlWithQuery, type ArrayFormat, type MultipartPart } from './encode';

/**
 * One item's request, built from the HTTP Request node's parameters (v3 to v4.5) with n8n's
 * defaults and its quirks: parameter names, the JSON/keypair/form/multipart/raw bodies,
 * lower-cased header names, the Accept header chosen from the response format.
 */

export type ResponseFormat = 'autodetect' | 'json' | 'text' | 'file';

export interface PreparedRequest {
  options: HttpRequestOptions;
  /** Sends the request when authentication needs a round trip (digest, OAuth2). */
  send?: RequestAuth['send'];
  neverError: boolean;
}

const METHODS_WITHOUT_BODY = ['HEAD', 'OPTIONS', 'TRACE'];
const DEFAULT_TIMEOUT_MS = 300_000;

interface NameValue {
  name: string;
  value: JsonValue;
  parameterType?: string;
  inputDataFieldName?: string;
}

function nameValues(list: JsonValue[]): NameValue[] {
  return list.map((entry) => {
    const pair = asObject(entry);
    return {
      name: typeof pair.name === 'string' ? pair.name : String(pair.name ?? ''),
      value: pair.value ?? '',
      parameterType: typeof pair.parameterType === 'string' ? pair.parameterType : undefined,
      inputDataFieldName: typeof pair.inputDataFieldName === 'string' ? pair.inputDataFieldName : undefined,
    };
  });
}

/** v4.3+ turns a repeated name into a list; earlier versions keep the last value. */
function collect(pairs: NameValue[], version: number): JsonObject {
  const result: JsonObject = {};
  for (const { name, value } of pairs) {
    const existing = result[name];
    if (version < 4.3 || existing === undefined) result[name] = value;
    else result[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function parseJsonParameter(ctx: NodeContext, value: JsonValue | undefined, label: string, itemIndex: number): JsonValue {
  if (value !== null && typeof value === 'object') return value;
  try {
    return JSON.parse(String(value ?? '')) as JsonValue;
  } catch (error) {
    throw new NodeOperationError(ctx.node.name, `The value in the "${label}" field is not valid JSON`, { itemIndex, description: errorMessage(error) });
  }
}

function lowercaseKeys(headers: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function headerText(value: JsonValue): string {
  return typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function readUrl(ctx: NodeContext, itemIndex: number): string {
  const raw = valueParam(ctx, 'url', itemIndex);
  if (typeof raw !== 'string') {
    throw new NodeOperationError(ctx.node.name, `URL parameter must be a string, got ${raw === null ? 'null' : raw === undefined ? 'undefined' : typeof raw}`, { itemIndex });
  }
  const url = raw.trim();
  if (!url) throw new NodeOperationError(ctx.node.name, 'URL parameter cannot be empty', { itemIndex });
  if (!url.startsWith('http://') && !url.startsWith('https://')) {
    throw new NodeOperationError(ctx.node.name, `Invalid URL: ${url}. URL must start with "http" or "https".`, { itemIndex });
  }
  return url;
}

export async function binaryBuffer(ctx: NodeContext, item: Item, field: string, itemIndex: number): Promise<{ data: Buffer; mimeType: string; fileName?: string }> {
  const binary = item.binary?.[field];
  if (!binary) {
    throw new NodeOperationError(ctx.node.name, `This operation expects the node's input data to contain a binary file '${field}', but none was found [item ${itemIndex}]`, { itemIndex });
  }
  return { data: await binaryToBuffer(ctx, binary, itemIndex), mimeType: binary.mimeType, fileName: binary.fileName };
}

interface Body {
  data?: Buffer;
  contentType?: string;
  /** JSON keeps a Content-Type the user set; forms, files and raw bodies set their own. */
  forceContentType?: boolean;
}

/** The body and its content type, as n8n's stack would serialize it. */
async function buildBody(ctx: NodeContext, item: Item, itemIndex: number, method: string, version: number, authBody?: JsonObject): Promise<Body> {
  // Custom auth's body fields make a JSON body of their own when the node sends none (n8n).
  if (!booleanParam(ctx, 'sendBody', itemIndex)) return authBody ? { data: Buffer.from(JSON.stringify(authBody)), contentType: 'application/json' } : {};
  const contentType = stringParam(ctx, 'contentType', itemIndex, 'json');
  const specifyBody = stringParam(ctx, 'specifyBody', itemIndex, 'keypair');
  const parameters = nameValues(listParam(ctx, 'bodyParameters.parameters', itemIndex));
  const convert = !METHODS_WITHOUT_BODY.includes(method);
  if (contentType === 'multipart-form-data' && convert) {
    const parts: MultipartPart[] = [];
    for (const parameter of parameters) {
      if (parameter.parameterType === 'formBinaryData') {
        if (!parameter.inputDataFieldName) continue;
        const file = await binaryBuffer(ctx, item, parameter.inputDataFieldName, itemIndex);
        parts.push({ name: parameter.name, value: file.data, fileName: file.fileName ?? 'file', contentType: file.mimeType });
      } else {
        parts.push({ name: parameter.name, value: headerText(parameter.value) });
      }
    }
    const { body, contentType: type } = multipartBody(parts);
    return { data: body, contentType: type, forceContentType: true };
  }
  if (contentType === 'binaryData' && convert) {
    const file = await binaryBuffer(ctx, item, stringParam(ctx, 'inputDataFieldName', itemIndex, ''), itemIndex);
    return { data: file.data, contentType: file.mimeType || 'application/octet-stream', forceContentType: true };
  }
  if (contentType === 'raw' && convert) {
    return { data: Buffer.from(stringParam(ctx, 'body', itemIndex, '')), contentType: stringParam(ctx, 'rawContentType', itemIndex, ''), forceContentType: true };
  }
  let value: JsonValue;
  if (specifyBody === 'json') {
    value = parseJsonParameter(ctx, valueParam(ctx, 'jsonBody', itemIndex), 'JSON Body', itemIndex);
  } else if (specifyBody === 'string') {
    value = Object.fromEntries(new URLSearchParams(stringParam(ctx, 'body', itemIndex, '')));
  } else if (contentType === 'json' && version >= 4) {
    const nested: JsonObject = {};
    for (const { name, value: entry } of parameters) setPath(nested, name, entry);
    value = nested;
  } else {
    value = collect(parameters, version);
  }
  if (authBody && (isJsonObject(value) || value === undefined)) value = { ...(isJsonObject(value) ? value : {}), ...authBody };
  if (contentType === 'form-urlencoded' && convert && isJsonObject(value)) {
    return { data: Buffer.from(stringifyForm(value)), contentType: 'application/x-www-form-urlencoded', forceContentType: true };
  }
  if (typeof value === 'string') return { data: Buffer.from(value) };
  return { data: Buffer.from(JSON.stringify(value)), contentType: 'application/json' };
}

function acceptFor(format: ResponseFormat): string {
  if (format === 'json') return 'application/json,text/*;q=0.99';
  if (format === 'text') return 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1';
  return 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7';
}

/** Builds item `itemIndex`'s request; throws NodeOperationError on unusable parameters. */
export async function buildRequest(ctx: NodeContext, item: Item, itemIndex: number): Promise<PreparedRequest> {
  const version = ctx.node.typeVersion;
  const url = readUrl(ctx, itemIndex);
  const method = stringParam(ctx, 'method', itemIndex, 'GET').toUpperCase();
  const options = objectParam(ctx, 'options', itemIndex);
  const response = asObject(asObject(options.response).response);
  const redirect = isJsonObject(options.redirect) ? asObject(options.redirect.redirect) : undefined;
  const format = (typeof response.responseFormat === 'string' && response.responseFormat !== '' ? response.responseFormat : 'autodetect') as ResponseFormat;

  let query: JsonObject = {};
  if (booleanParam(ctx, 'sendQuery', itemIndex)) {
    query =
      stringParam(ctx, 'specifyQuery', itemIndex, 'keypair') === 'json'
        ? asObject(parseJsonParameter(ctx, valueParam(ctx, 'jsonQuery', itemIndex), 'JSON Query Parameters', itemIndex))
        : collect(nameValues(listParam(ctx, 'queryParameters.parameters', itemIndex)), version);
  }

  let custom: JsonObject = {};
  if (booleanParam(ctx, 'sendHeaders', itemIndex)) {
    custom =
      stringParam(ctx, 'specifyHeaders', itemIndex, 'keypair') === 'json'
        ? asObject(parseJsonParameter(ctx, valueParam(ctx, 'jsonHeaders', itemIndex), 'JSON Headers', itemIndex))
        : collect(nameValues(listParam(ctx, 'headerParameters.parameters', itemIndex)).filter((header) => header.name), version);
    if (options.lowercaseHeaders !== false) custom = lowercaseKeys(custom);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom)) headers[key] = Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);

  const auth = await requestAuth(ctx, itemIndex);
  const body = await buildBody(ctx, item, itemIndex, method, version, auth?.body);
  const hasContentType = Object.keys(headers).some((key) => key.toLowerCase() === 'content-type');
  if (body.contentType && (!hasContentType || body.forceContentType)) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-type') delete headers[key];
    headers['content-type'] = body.contentType;
  }
  if (auth) {
    Object.assign(headers, auth.headers);
    Object.assign(query, auth.query);
  }
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'accept')) headers.accept = acceptFor(format);
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'user-agent')) headers['user-agent'] = 'n8n';

  const arrayFormat = (booleanParam(ctx, 'sendQuery', itemIndex) && typeof options.queryParameterArrays === 'string' ? options.queryParameterArrays : 'brackets') as ArrayFormat;
  const timeout = Number(options.timeout);
  return {
    options: {
      method,
      url: urlWithQuery(url, stringifyQuery(query, arrayFormat)),
      headers,
      body: body.data,
      timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
      signal: ctx.signal,
      // v3 followed no redirect unless told; v4 follows by default.
      followRedirects: redirect ? redirect.followRedirects === true || (redirect.followRedirects === undefined && version >= 4) : version >= 4,
      maxRedirects: redirect && typeof redirect.maxRedirects === 'number' ? redirect.maxRedirects : undefined,
    },
    neverError: response.neverError === true,
    send: auth?.send,
  };
}

/** Response handling settings, which n8n reads from the first item for all items. */
export function responseSettings(ctx: NodeContext): { format: ResponseFormat; fullResponse: boolean; outputPropertyName: string; neverError: boolean } {
  const format = stringParam(ctx, 'options.response.response.responseFormat', 0, 'autodetect');
  return {
    format: (['json', 'text', 'file'].includes(format) ? format : 'autodetect') as ResponseFormat,
    fullResponse: booleanParam(ctx, 'options.response.response.fullResponse', 0),
    outputPropertyName: stringParam(ctx, 'options.response.response.outputPropertyName', 0, 'data'),
    neverError: booleanParam(ctx, 'options.response.response.neverError', 0),
  };
}

export function batchingOf(ctx: NodeContext): { size: number; intervalMs: number } {
  const size = numberParam(ctx, 'options.batching.batch.batchSize', 0, 50);
  return { size: size > 0 ? size : 1, intervalMs: numberParam(ctx, 'options.batching.batch.batchInterval', 0, 0) };
}
