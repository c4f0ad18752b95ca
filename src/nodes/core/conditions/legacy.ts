import { AutomatorError } from '../../../errors';
import type { JsonValue } from '../../../workflow/json';
import { parseRegexLiteral, safeRegexTest } from '../shared/safe-regex';

/**
 * The comparisons of IF v1, Filter v1 and Switch v1/v2 (`value1` <operation> `value2`),
 * with their loose JavaScript semantics: `(value1 || 0) > (value2 || 0)`, `===` for equal.
 */

export type LegacyDataType = 'boolean' | 'dateTime' | 'number' | 'string';
export const LEGACY_DATA_TYPES: readonly LegacyDataType[] = ['boolean', 'dateTime', 'number', 'string'];

/** What a condition row holds when a field is left out, per data type (n8n's defaults). */
export const LEGACY_DEFAULTS: Record<LegacyDataType, { value1: JsonValue; operation: string; value2: JsonValue }> = {
  boolean: { value1: false, operation: 'equal', value2: false },
  dateTime: { value1: '', operation: 'after', value2: '' },
  number: { value1: 0, operation: 'smaller', value2: 0 },
  string: { value1: '', operation: 'equal', value2: '' },
};

/** A value that is no date: n8n's `The value "..." is not a valid DateTime.` */
export class InvalidDateTimeError extends AutomatorError {
  constructor(value: unknown) {
    super(`The value "${String(value)}" is not a valid DateTime.`, 'bad_request');
  }
}

/** A string method called on a non-string, as JavaScript would report it. */
export class NotAStringError extends AutomatorError {
  constructor(method: string) {
    super(`value1.${method} is not a function`, 'bad_request');
  }
}

type Compare = (value1: unknown, value2: unknown) => boolean;

// JavaScript's relational operators on mixed values: what n8n v1 nodes do with them.
// Typed as numbers for the compiler only: at run time strings compare as strings, as in n8n.
const orZero = (value: unknown): number => (value || 0) as number;
const greater = (a: unknown, b: unknown): boolean => orZero(a) > orZero(b);
const less = (a: unknown, b: unknown): boolean => orZero(a) < orZero(b);

function stringMethod(method: 'startsWith' | 'endsWith'): Compare {
  return (value1, value2) => {
    if (typeof value1 !== 'string') throw new NotAStringError(method);
    return value1[method](String(value2));
  };
}

function matchesRegex(value1: unknown, value2: unknown): boolean {
  const { source, flags } = parseRegexLiteral(String(value2 || ''));
  return safeRegexTest(source, String(value1 || ''), flags);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'number' && Number.isNaN(value)) return true;
  return typeof value === 'object' && Object.entries(value).length === 0;
}

const startsWith = stringMethod('startsWith');
const endsWith = stringMethod('endsWith');

const OPERATIONS: Record<string, Compare> = {
  after: greater,
  before: less,
  larger: greater,
  largerEqual: (a, b) => orZero(a) >= orZero(b),
  smaller: less,
  smallerEqual: (a, b) => orZero(a) <= orZero(b),
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  contains: (a, b) => String(a || '').includes(String(b || '')),
  notContains: (a, b) => !String(a || '').includes(String(b || '')),
  startsWith,
  notStartsWith: (a, b) => !startsWith(a, b),
  endsWith,
  notEndsWith: (a, b) => !endsWith(a, b),
  isEmpty: (a) => isEmpty(a),
  isNotEmpty: (a) => !isEmpty(a),
  regex: matchesRegex,
  notRegex: (a, b) => !matchesRegex(a, b),
};

/** Dates become epoch milliseconds; strings go through Date, numbers are taken as they are. */
export function toEpoch(value: unknown): number {
  let epoch: number | undefined;
  if (typeof value === 'string') epoch = new Date(value).getTime();
  else if (typeof value === 'number') epoch = value;
  if (epoch === undefined || Number.isNaN(epoch)) throw new InvalidDateTimeError(value);
  return epoch;
}

export class UnknownOperationError extends AutomatorError {
  constructor(operation: string) {
    super(`The operation "${operation}" is not known`, 'bad_request');
  }
}

/** Compares two values with a v1 operation; dateTime values are converted to epochs first. */
export function compareLegacy(dataType: string, operation: string, value1: unknown, value2: unknown): boolean {
  const compare = OPERATIONS[operation];
  if (!compare) throw new UnknownOperationError(operation);
  if (dataType === 'dateTime') return compare(toEpoch(value1), toEpoch(value2));
  return compare(value1, value2);
}
