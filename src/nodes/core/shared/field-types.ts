import { DateTime } from 'luxon';
import { isJsonObjectValue } from './json-values';
import { parseLenientJson } from './lenient-json';

/**
 * n8n's value type checks and conversions (n8n-workflow's validateFieldType), shared by
 * Set's typed fields and the filter conditions of IF, Filter and Switch. Messages are
 * n8n's, word for word: users search for them.
 */

export type ValidationResult = { valid: true; newValue: unknown } | { valid: false; errorMessage: string };

export interface ValidationOptions {
  /** Types must already match: no conversion. */
  strict?: boolean;
  /** Convert non-strings to strings for the 'string' type. */
  parseStrings?: boolean;
  /** Zone for date strings without an offset. */
  timezone?: string;
}

class ConversionFailure extends Error {}

/** How n8n shows a value inside messages: `'text'`, `'null'`, `array`, `object`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'object') {
    if (value === null) return "'null'";
    return Array.isArray(value) ? 'array' : 'object';
  }
  return `'${String(value)}'`;
}

export function toStringValue(value: unknown): string {
  if (typeof value === 'object') return JSON.stringify(value);
  if (value === undefined) return '';
  return String(value);
}

export function toNumberValue(value: unknown): number {
  const number = Number(value);
  if (Number.isNaN(number)) throw new ConversionFailure('Failed to parse value to number');
  return number;
}

export function toBooleanValue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) {
    return value.toLowerCase() === 'true';
  }
  if (!(typeof value === 'string' && value.trim() === '')) {
    const number = Number(value);
    if (number === 0) return false;
    if (number === 1) return true;
  }
  throw new ConversionFailure('Failed to parse value as boolean');
}

/** Dates in every format n8n accepts: ISO, HTTP, RFC 2822, SQL, then whatever Date.parse reads. */
export function toDateTimeValue(value: unknown, timezone?: string): DateTime {
  if (DateTime.isDateTime(value) && value.isValid) return value;
  const text = String(value).trim();
  const zoned = { zone: timezone, setZone: true };
  const candidates = [
    () => DateTime.fromISO(text, zoned),
    () => DateTime.fromHTTP(text, zoned),
    () => DateTime.fromRFC2822(text, zoned),
    () => DateTime.fromSQL(text, zoned),
    () => DateTime.fromMillis(Date.parse(text), { zone: timezone }),
  ];
  for (const candidate of candidates) {
    const parsed = candidate();
    if (parsed.isValid) return parsed;
  }
  throw new ConversionFailure('Value is not a valid date');
}

export function toArrayValue(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const text = String(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = JSON.parse(text.replace(/'/g, '"'));
    } catch {
      throw new ConversionFailure('Value is not a valid array');
    }
  }
  if (!Array.isArray(parsed)) throw new ConversionFailure('Value is not a valid array');
  return parsed;
}

export function toObjectValue(value: unknown): object {
  if (isJsonObjectValue(value)) return value;
  let parsed: unknown;
  try {
    parsed = parseLenientJson(String(value));
  } catch {
    throw new ConversionFailure('Value is not a valid object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConversionFailure('Value is not a valid object');
  }
  return parsed;
}

function toTimeValue(value: unknown): string {
  if (!/^\d{2}:\d{2}(:\d{2})?((-|\+)\d{4})?((-|\+)\d{1,2}(:\d{2})?)?$/s.test(String(value))) {
    throw new ConversionFailure('Value is not a valid time');
  }
  return String(value);
}

/** lodash isObject: objects, arrays and functions. */
function isObjectLike(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function attempt(convert: () => unknown, errorMessage: string): ValidationResult {
  try {
    return { valid: true, newValue: convert() };
  } catch {
    return { valid: false, errorMessage };
  }
}

/** Checks (and converts) `value` for a field of `type`; null and undefined always pass. */
export function validateFieldType(
  fieldName: string,
  value: unknown,
  type: string,
  options: ValidationOptions = {},
): ValidationResult {
  if (value === null || value === undefined) return { valid: true, newValue: undefined };
  const strict = options.strict ?? false;
  const expected = `'${fieldName}' expects a ${type} but we got ${describeValue(value)}`;
  const mismatch: ValidationResult = { valid: false, errorMessage: expected };
  switch (type.toLowerCase()) {
    case 'string':
      if (!options.parseStrings) return { valid: true, newValue: value };
      if (strict && typeof value !== 'string') return mismatch;
      return attempt(() => toStringValue(value), expected);
    case 'number':
      if (strict && typeof value !== 'number') return mismatch;
      return attempt(() => toNumberValue(value), expected);
    case 'boolean':
      if (strict && typeof value !== 'boolean') return mismatch;
      return attempt(() => toBooleanValue(value), expected);
    case 'datetime':
      return attempt(
        () => toDateTimeValue(value, options.timezone),
        `${expected} <br/><br/> Consider using <a href="https://moment.github.io/luxon/api-docs/index.html#datetimefromformat" target="_blank"><code>DateTime.fromFormat</code></a> to work with custom date formats.`,
      );
    case 'time':
      return attempt(() => toTimeValue(value), `'${fieldName}' expects time (hh:mm:(:ss)) but we got ${describeValue(value)}.`);
    case 'object':
      if (strict && !isObjectLike(value)) return mismatch;
      return attempt(() => toObjectValue(value), expected);
    case 'array':
      if (strict && !Array.isArray(value)) return mismatch;
      return attempt(() => toArrayValue(value), expected);
    default:
      return { valid: true, newValue: value };
  }
}
