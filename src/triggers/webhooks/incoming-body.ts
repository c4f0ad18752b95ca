import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import busboy from 'busboy';
import type { BinaryStore } from '../../binary';
import type { BinaryData } from '../../contracts/run-data';
import { AutomatorError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { isFileBody, mediaTypeOf, parseWebhookBody, type BodyOptions, type ParsedWebhookBody } from '../../nodes/webhook/body';

/** Where a webhook's body goes: the run's binary store, within these limits. */
export interface BodyTarget {
  store: BinaryStore;
  executionId: string;
  /** MAX_BODY_BYTES: what is read into memory (JSON, forms, text, form fields). */
  maxBodyBytes: number;
}

export class BodyTooLargeError extends AutomatorError {
  constructor(limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes (MAX_BODY_BYTES)`, 'payload_too_large');
  }
}

/**
 * Reads a body into memory up to `limit` bytes. Plain stream events rather than an async
 * iterator: every webhook call reads its body, and the iterator's machinery cost more than
 * the reading.
 */
export function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limit) {
        cleanup();
        // Read the rest without keeping it, so the caller still gets its 413 answer.
        stream.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // A stream closed before its end (the client went away) never ends: say so.
    const onClose = (): void => {
      cleanup();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

function fileNameOf(contentDisposition: string | undefined): string | undefined {
  const match = contentDisposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition) : null;
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** formidable's `multiples` result as n8n normalises it: one value stays a value, more a list. */
function addValue<T>(target: Record<string, T[]>, key: string, value: T): void {
  (target[key] ??= []).push(value);
}

function single<T>(values: T[]): T | T[] {
  return values.length === 1 ? values[0] : values;
}

/**
 * n8n's handleFormData naming: `files[]` loses its brackets, several files under one name
 * are numbered, a nameless field becomes `data<n>`, and the binaryPropertyName option
 * replaces every name with `<option><n>`.
 */
function binaryNames(files: Array<[string, BinaryData[]]>, option: string | undefined): Record<string, BinaryData> {
  const binary: Record<string, BinaryData> = {};
  let count = 0;
  for (const [key, list] of files) {
    let fileCount = 0;
    for (const file of list) {
      let name = key.endsWith('[]') ? key.slice(0, -2) : key;
      if (name.trim() === '') name = `data${count}`;
      else if (list.length > 1) name += fileCount++;
      if (option) name = `${option}${count}`;
      binary[name] = file;
      count += 1;
    }
  }
  return binary;
}

/** A multipart body read: its text fields by name, and its files (stored) by field name, in order. */
export interface MultipartParts {
  fields: Record<string, JsonValue[]>;
  files: Array<[string, BinaryData[]]>;
}

/**
 * Streams a multipart body: text fields into memory (each within MAX_BODY_BYTES), files into
 * the binary store under the execution. A file input left blank (no name, no bytes) is
 * dropped, as n8n drops it. `what` names the receiver in error messages.
 */
export function readMultipart(stream: Readable, headers: Record<string, string | string[] | undefined>, what: string, target: BodyTarget): Promise<MultipartParts> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: headers as IncomingHttpHeaders, limits: { fieldSize: target.maxBodyBytes } });
    } catch (error) {
      reject(new AutomatorError(`The multipart body sent to ${what} cannot be read: ${(error as Error).message}`, 'bad_request'));
      return;
    }
    const fields: Record<string, JsonValue[]> = {};
    const files: Record<string, Array<Promise<BinaryData | undefined>>> = {};
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      stream.unpipe(parser);
      // Drain what is left without keeping it: the caller answers with the error.
      stream.resume();
      reject(error);
    };
    parser.on('field', (name, value) => addValue(fields, name, value));
    parser.on('file', (name, file, info) => {
      const stored = target.store
        .fromStream(target.executionId, file, { mimeType: info.mimeType, uploadName: info.filename ?? randomUUID() })
        // n8n drops file inputs left blank in the form (no name, no bytes).
        .then((binary) => (!info.filename && binary.bytes === 0 ? undefined : binary));
      stored.catch(fail);
      addValue(files, name, stored);
    });
    parser.on('error', (error: Error) => fail(new AutomatorError(`The multipart body sent to ${what} cannot be read: ${error.message}`, 'bad_request')));
    parser.on('close', () => {
      void (async () => {
        const settled: Array<[string, BinaryData[]]> = [];
        for (const [key, list] of Object.entries(files)) {
          const kept = (await Promise.all(list)).filter((file): file is BinaryData => file !== undefined);
          if (kept.length > 0) settled.push([key, kept]);
        }
        if (!failed) resolve({ fields, files: settled });
      })().catch(fail);
    });
    stream.pipe(parser);
  });
}

async function parseMultipart(stream: Readable, headers: Record<string, string | string[] | undefined>, options: BodyOptions & { binaryPropertyOption?: string }, target: BodyTarget): Promise<ParsedWebhookBody> {
  const { fields, files } = await readMultipart(stream, headers, options.target, target);
  const body: JsonObject = {};
  for (const [key, values] of Object.entries(fields)) body[key] = single(values);
  const parsed: ParsedWebhookBody = { body };
  if (files.length > 0) parsed.binary = binaryNames(files, options.binaryPropertyOption);
  return parsed;
}

/**
 * A webhook body as the Webhook node hands it to the run: multipart uploads and file bodies
 * are streamed into the binary store (never held whole in memory, refused past
 * MAX_BINARY_BYTES); JSON, forms and text are read up to MAX_BODY_BYTES and parsed.
 */
export async function readWebhookBody(
  source: Buffer | Readable,
  headers: Record<string, string | string[] | undefined>,
  options: BodyOptions & { binaryPropertyOption?: string },
  target: BodyTarget,
): Promise<ParsedWebhookBody> {
  const stream = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'multipart/form-data' && !options.binaryData) return parseMultipart(stream, { ...headers, 'content-type': contentType }, options, target);
  if (isFileBody(mediaType, options)) {
    const disposition = typeof headers['content-disposition'] === 'string' ? headers['content-disposition'] : undefined;
    const binary = await target.store.fromStream(target.executionId, stream, {
      mimeType: contentType ?? 'application/octet-stream',
      uploadName: fileNameOf(disposition) ?? randomUUID(),
    });
    // An empty body gives no file, as n8n's handleBinaryData.
    if (binary.bytes === 0) return { body: {} };
    return { body: {}, binary: { [options.binaryPropertyName]: binary } };
  }
  const raw = await readLimited(stream, target.maxBodyBytes);
  return parseWebhookBody(raw, contentType, options);
}
