import { DateTime } from 'luxon';
import type { BinaryData } from '../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { FormField } from './fields';

/** A submitted form body: `field-<index>` to one value, or several (checkboxes, multi-selects). */
export type SubmittedValues = Record<string, string | string[] | undefined>;

/** Uploaded files by field name (`field-<index>`), already in the binary store. */
export type SubmittedFiles = Record<string, BinaryData[] | undefined>;

export type SubmissionResult =
  | { ok: true; json: JsonObject; binary?: Record<string, BinaryData> }
  | { ok: false; errors: Record<number, string>; values: SubmittedValues };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.filter((entry) => entry !== '');
  // n8n's own form script posts checkbox and multi-select values as a JSON array.
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: a single value that happens to start with "[".
    }
  }
  return value === '' ? [] : [value];
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first;
}

/**
 * n8n formats a date field with `formatDate` after reading it with the pattern 'yyyy-mm-dd',
 * whose `mm` means minutes: the month is lost and January is used. Kept, so that items match.
 */
function formatDate(value: string, format: string): string {
  return DateTime.fromFormat(value, 'yyyy-mm-dd').toFormat(format);
}

/** One field's value as n8n puts it in the item, or the message explaining what is wrong. */
function readField(field: FormField, raw: string | string[] | undefined): { value: JsonValue } | { error: string } {
  const many = field.type === 'checkbox' || (field.type === 'dropdown' && field.multiselect);
  if (many) {
    const chosen = list(raw);
    if (field.required && chosen.length === 0) return { error: 'This field is required' };
    const unknown = chosen.find((option) => !field.options.includes(option));
    if (unknown !== undefined) return { error: `"${unknown}" is not one of the options` };
    if (field.minSelections !== undefined && chosen.length < field.minSelections) {
      return { error: field.minSelections === field.maxSelections ? `Select exactly ${field.minSelections}` : `Select at least ${field.minSelections}` };
    }
    if (field.maxSelections !== undefined && chosen.length > field.maxSelections) {
      return { error: field.minSelections === field.maxSelections ? `Select exactly ${field.maxSelections}` : `Select at most ${field.maxSelections}` };
    }
    return { value: raw === undefined ? null : chosen };
  }
  const given = single(raw);
  const trimmed = given?.trim() ?? '';
  if (field.required && trimmed === '') return { error: 'This field is required' };
  if (given === undefined) return { value: null };
  switch (field.type) {
    case 'number': {
      if (trimmed === '') return { value: null };
      const number = Number(trimmed);
      return Number.isFinite(number) ? { value: number } : { error: 'Enter a number' };
    }
    case 'email':
      if (trimmed !== '' && !EMAIL.test(trimmed)) return { error: 'Enter a valid email address' };
      return { value: trimmed };
    case 'text':
      return { value: trimmed };
    case 'dropdown':
    case 'radio':
      if (trimmed !== '' && !field.options.includes(given)) return { error: `"${given}" is not one of the options` };
      return { value: given };
    case 'date':
      if (trimmed === '') return { value: given };
      if (!DATE.test(trimmed) || !DateTime.fromISO(trimmed).isValid) return { error: 'Enter a date as YYYY-MM-DD' };
      return { value: field.formatDate ? formatDate(trimmed, field.formatDate) : trimmed };
    case 'file':
      // A url-encoded post (no upload) carries the file name as text.
      return { value: field.multipleFiles ? list(raw) : given };
    default:
      return { value: given };
  }
}

/** n8n's file descriptor in the item json: `{filename, mimetype, size}`. */
function describeFile(file: BinaryData): JsonObject {
  return { filename: file.fileName ?? null, mimetype: file.mimeType, size: file.bytes ?? 0 };
}

/**
 * Uploaded files of a file field as n8n's prepareFormReturnItem puts them: the json value
 * describes them (a list when the field takes several), and each file becomes a binary
 * property named after the field's key (non-word characters as `_`), numbered `_0`, `_1`...
 * when more than one was sent.
 */
function readFiles(field: FormField, files: BinaryData[], binary: Record<string, BinaryData>): JsonValue {
  const base = field.key.replace(/\W/g, '_');
  files.forEach((file, position) => {
    binary[files.length > 1 ? `${base}_${position}` : base] = file;
  });
  const described = files.map(describeFile);
  return files.length > 1 || field.multipleFiles ? described : described[0];
}

/**
 * Checks a submission against the fields and builds n8n's item (its
 * addFormResponseDataToReturnItem): each field under its key, `null` when not sent; an html
 * field only under its `elementName`; uploaded files as binary data. Every failing field gets
 * a message, by index.
 */
export function readSubmission(fields: readonly FormField[], submitted: SubmittedValues, files: SubmittedFiles = {}): SubmissionResult {
  const json: JsonObject = {};
  const binary: Record<string, BinaryData> = {};
  const errors: Record<number, string> = {};
  for (const field of fields) {
    const raw = submitted[`field-${field.index}`];
    const uploaded = field.type === 'file' ? files[`field-${field.index}`] : undefined;
    if (uploaded !== undefined && uploaded.length > 0) {
      json[field.key] = readFiles(field, uploaded, binary);
      continue;
    }
    // n8n: a field not posted is null under its key; a posted HTML field (its page posts the
    // markup) goes only under its elementName, when it has one.
    if (field.type === 'html' || field.type === 'hiddenField') {
      const posted = single(raw);
      if (posted === undefined) json[field.key] = null;
      else if (field.type === 'hiddenField') json[field.key] = posted;
      else if (field.elementName) json[field.elementName] = posted;
      continue;
    }
    const read = readField(field, raw);
    if ('error' in read) errors[field.index] = read.error;
    else json[field.key] = read.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: submitted };
  return Object.keys(binary).length > 0 ? { ok: true, json, binary } : { ok: true, json };
}
