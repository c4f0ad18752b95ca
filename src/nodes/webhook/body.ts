import { parse as parseQueryString } from 'node:querystring';
import { prettyBytes } from '../../binary';
import type { BinaryData } from '../../contracts/run-data';
import { BadRequestError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';

/** What shapes the parsing; `target` names the receiver in error messages. */
export interface BodyOptions {
  /** `options.rawBody`: also keep the bytes as `binary.data`. */
  rawBody: boolean;
  /** v1 `binaryData` option: the whole body is a file. */
  binaryData: boolean;
  binaryPropertyName: string;
  target: string;
}

export interface ParsedWebhookBody {
  body: JsonValue;
  binary?: Record<string, BinaryData>;
}

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJsonType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isTextType(mediaType: string): boolean {
  return mediaType === 'text/plain' || mediaType.endsWith('/xml') || mediaType.endsWith('+xml');
}

function binaryOf(raw: Buffer, mimeType: string): BinaryData {
  return { data: raw.toString('base64'), mimeType, fileSize: prettyBytes(raw.length) };
}

function parseForm(text: string): JsonObject {
  const parsed = parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
  const body: JsonObject = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) body[key] = value;
  }
  return body;
}

/** Bodies that are a file (n8n v2: anything no parser reads; v1: the binaryData option). */
export function isFileBody(mediaType: string, config: Pick<BodyOptions, 'binaryData'>): boolean {
  return config.binaryData || (!isJsonType(mediaType) && !isTextType(mediaType) && mediaType !== 'application/x-www-form-urlencoded' && mediaType !== 'multipart/form-data');
}

/**
 * The request body as n8n's Webhook node gives it to the workflow: JSON and form bodies as
 * objects, text and XML as a string, anything else as a file in `binary[binaryPropertyName]`
 * with an empty `body` (n8n v2). The `rawBody` option adds the bytes as `binary.data`.
 */
export function parseWebhookBody(raw: Buffer, contentType: string | undefined, config: BodyOptions): ParsedWebhookBody {
  const mediaType = mediaTypeOf(contentType);
  let parsed: ParsedWebhookBody;
  if (raw.length === 0) {
    parsed = { body: {} };
  } else if (config.binaryData || (!isJsonType(mediaType) && !isTextType(mediaType) && mediaType !== 'application/x-www-form-urlencoded')) {
    return { body: {}, binary: { [config.binaryPropertyName]: binaryOf(raw, contentType ?? 'application/octet-stream') } };
  } else if (isJsonType(mediaType)) {
    try {
      parsed = { body: JSON.parse(raw.toString('utf8')) as JsonValue };
    } catch (error) {
      throw new BadRequestError(`The body sent to ${config.target} is not valid JSON: ${(error as Error).message}`);
    }
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    parsed = { body: parseForm(raw.toString('utf8')) };
  } else {
    parsed = { body: raw.toString('utf8') };
  }
  if (config.rawBody) parsed.binary = { data: binaryOf(raw, contentType ?? 'application/json') };
  return parsed;
}
