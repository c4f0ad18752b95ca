import { randomBytes } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../workflow/json';

/**
 * Query strings and bodies encoded the way n8n's request stack (axios + qs) sends them:
 * arrays as `key[]=v` unless told otherwise, nested objects as `a[b]=v`.
 */

export type ArrayFormat = 'brackets' | 'indices' | 'repeat';

function encode(value: string): string {
  return encodeURIComponent(value).replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');
}

function scalar(value: JsonValue): string {
  return value === null ? '' : String(value);
}

function pairs(prefix: string, value: JsonValue, format: ArrayFormat, out: Array<[string, string]>): void {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      const key = format === 'repeat' ? prefix : format === 'indices' ? `${prefix}[${index}]` : `${prefix}[]`;
      pairs(key, entry, format, out);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) pairs(`${prefix}[${key}]`, entry, format, out);
    return;
  }
  out.push([prefix, scalar(value)]);
}

/** `a=1&b[]=2&b[]=3` from an object. */
export function stringifyQuery(params: JsonObject, format: ArrayFormat = 'brackets'): string {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(params)) pairs(key, value, format, out);
  return out.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

/** Appends a query to a URL that may already have one. */
export function urlWithQuery(url: string, query: string): string {
  if (query === '') return url;
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

/** qs.stringify's default (indices, brackets percent-encoded) for form bodies. */
export function stringifyForm(params: JsonObject): string {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(params)) pairs(key, value, 'indices', out);
  return out.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

export interface MultipartPart {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
}

/** A multipart/form-data body (what the form-data package produces). */
export function multipartBody(parts: MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `--------------------------${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"`;
    if (part.fileName !== undefined) head += `; filename="${quoted(part.fileName)}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
