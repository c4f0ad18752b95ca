import type { Readable } from 'node:stream';
import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import { responseFileFields } from './binary-file';
import type { BinaryData, Item } from '../../contracts/run-data';
import type { HttpResponse } from '../../contracts/node-services';
import type { ResponseFormat } from './request';

/**
 * A response turned into output items the way n8n's HTTP Request node does: autodetected
 * or forced JSON/text/file, one item per element of a JSON array, the full response
 * (body, headers, statusCode, statusMessage) on request.
 */

/** Content types n8n treats as files when autodetecting. */
const BINARY_CONTENT_TYPES = [
  'image/', 'audio/', 'video/', 'application/octet-stream', 'application/gzip', 'application/zip', 'application/vnd.rar',
  'application/epub+zip', 'application/x-bzip', 'application/x-bzip2', 'application/x-cdf', 'application/vnd.amazon.ebook',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-fontobject',
  'application/vnd.oasis.opendocument.presentation', 'application/pdf', 'application/x-tar', 'application/vnd.visio',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-7z-compressed',
];

export interface ResponseContext {
  nodeName: string;
  itemIndex: number;
  item: Item;
  url: string;
  format: ResponseFormat;
  fullResponse: boolean;
  outputPropertyName: string;
  neverError: boolean;
}

function charsetOf(contentType: string): BufferEncoding {
  const charset = /charset=([^;,\s]+)/i.exec(contentType)?.[1]?.toLowerCase().replace(/['"]/g, '');
  if (charset === 'latin1' || charset === 'iso-8859-1' || charset === 'windows-1252') return 'latin1';
  return 'utf8';
}

function tryParse(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A JSON body as an item's json (n8n puts `null` as `{}`; other scalars are wrapped). */
function asItemJson(value: JsonValue): JsonObject {
  if (value === null) return {};
  return isJsonObject(value) ? value : { data: value };
}

function notJson(context: ResponseContext): NodeOperationError {
  return new NodeOperationError(context.nodeName, 'Response body is not valid JSON. Change "Response Format" to "Text"', { itemIndex: context.itemIndex });
}

function parseJsonText(text: string, context: ResponseContext): JsonValue {
  if (text.trim() === '') return {};
  const parsed = tryParse(text);
  if (parsed === undefined) throw notJson(context);
  return parsed;
}

/** The body as n8n hands it on: parsed JSON, a string, or undefined for an empty text. */
function decodeBody(response: HttpResponse, format: ResponseFormat, context: ResponseContext): JsonValue | undefined {
  const contentType = response.headers['content-type'] ?? '';
  const text = response.body.toString(charsetOf(contentType));
  if (format === 'json') return parseJsonText(text, context);
  // Text: n8n's stack has already parsed JSON bodies, and writes objects back as compact JSON.
  if (context.format !== 'autodetect') {
    const parsed = tryParse(text);
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') return JSON.stringify(parsed);
    if (parsed !== undefined && parsed !== null) return parsed;
  }
  return text === '' ? undefined : text;
}

function detectFormat(response: HttpResponse, context: ResponseContext): ResponseFormat {
  if (context.format !== 'autodetect') return context.format;
  const contentType = response.headers['content-type'] ?? '';
  if (contentType.includes('application/json')) return 'json';
  if (BINARY_CONTENT_TYPES.some((type) => contentType.includes(type))) return 'file';
  return 'text';
}

function parseAutodetectedJson(response: HttpResponse, context: ResponseContext): JsonValue {
  const text = response.body.toString(charsetOf(response.headers['content-type'] ?? ''));
  if (text.trim() === '') return {};
  const parsed = tryParse(text);
  if (parsed !== undefined) return parsed;
  if (context.neverError) return {};
  throw new NodeOperationError(context.nodeName, 'Invalid JSON in response body', { itemIndex: context.itemIndex });
}

export async function responseToItems(
  response: HttpResponse,
  context: ResponseContext,
  storeFile: (body: Buffer | Readable, fields: Omit<BinaryData, 'data'>) => Promise<BinaryData>,
): Promise<Item[]> {
  const pairedItem = { item: context.itemIndex };
  const format = detectFormat(response, context);
  const meta: JsonObject = { headers: { ...response.headers }, statusCode: response.statusCode, statusMessage: response.statusMessage };

  if (format === 'file') {
    // A streamed download goes to the store as it arrives, never whole in memory.
    const file = await storeFile(response.bodyStream ?? response.body, responseFileFields(response.headers, context.url, context.outputPropertyName));
    const binary = { ...(context.item.binary ?? {}), [context.outputPropertyName]: file };
    return [{ json: context.fullResponse ? meta : context.item.json, binary, pairedItem }];
  }
  if (format === 'text') {
    const body = decodeBody(response, 'text', context);
    const json: JsonObject = {};
    if (body !== undefined) json[context.outputPropertyName] = body;
    return [{ json: context.fullResponse ? { ...json, ...meta } : json, pairedItem }];
  }
  let value: JsonValue = (context.format === 'autodetect' ? parseAutodetectedJson(response, context) : decodeBody(response, 'json', context)) ?? {};
  // A JSON body that is itself a string must hold JSON again, as n8n insists.
  if (typeof value === 'string') value = parseJsonText(value, context);
  if (context.fullResponse) return [{ json: { body: value, ...meta }, pairedItem }];
  if (Array.isArray(value)) return value.map((entry) => ({ json: asItemJson(entry), pairedItem }));
  return [{ json: asItemJson(value), pairedItem }];
}
