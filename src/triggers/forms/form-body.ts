import type { Readable } from 'node:stream';
import type { BinaryData } from '../../contracts/run-data';
import type { SubmittedValues } from '../../nodes/form';
import { mediaTypeOf } from '../../nodes/webhook/body';
import { readLimited, readMultipart, type BodyTarget } from '../webhooks/incoming-body';

/** A form submission as the pages post it: text values by field name, and uploaded files. */
export interface FormBody {
  values: SubmittedValues;
  /** Files by field name (`field-<index>`), stored under the run's execution id. */
  files: Record<string, BinaryData[]>;
}

/** Where a submission's body comes from: the request, read once the run's id is known. */
export interface FormRequestBody {
  stream: Readable;
  headers: Record<string, string | string[] | undefined>;
}

function addValue(values: SubmittedValues, name: string, value: string): void {
  const current = values[name];
  values[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
}

/**
 * Reads a form POST: multipart (what the pages post, as n8n's form does: files go to the
 * binary store under `target.executionId`, a blank file input is dropped) or url-encoded (an
 * older page or a hand-made call; repeated names become lists). Anything else is read as no
 * fields, so the submission check says what is missing.
 */
export async function readFormBody(body: FormRequestBody, what: string, target: BodyTarget): Promise<FormBody> {
  const contentType = typeof body.headers['content-type'] === 'string' ? body.headers['content-type'] : undefined;
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'multipart/form-data') {
    const parts = await readMultipart(body.stream, body.headers, what, target);
    const values: SubmittedValues = {};
    for (const [name, list] of Object.entries(parts.fields)) for (const value of list) addValue(values, name, String(value));
    return { values, files: Object.fromEntries(parts.files) };
  }
  const raw = await readLimited(body.stream, target.maxBodyBytes);
  const values: SubmittedValues = {};
  if (mediaType === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) addValue(values, name, value);
  }
  return { values, files: {} };
}
