import type { JsonValue } from '../../../workflow/json';

/**
 * Value comparisons with the semantics n8n's transform nodes get from lodash (isEqual, lt)
 * and from n8n's own fuzzyCompare, so sorting and matching order items exactly as n8n does.
 */

type Value = JsonValue | undefined;

/** lodash isEqual for JSON values: deep, key order ignored. */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, index) => deepEqual(value, b[index]));
  }
  const objectA = a as Record<string, JsonValue>;
  const objectB = b as Record<string, JsonValue>;
  const keysA = Object.keys(objectA);
  if (keysA.length !== Object.keys(objectB).length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(objectB, key) && deepEqual(objectA[key], objectB[key]));
}

const BAD_HEX = /^[-+]0x[0-9a-f]+$/i;
const BINARY = /^0b[01]+$/i;
const OCTAL = /^0o[0-7]+$/i;

/** lodash toNumber: how `lt` coerces anything that is not two strings. */
export function toNumberLikeLodash(value: Value): number {
  if (typeof value === 'number') return value;
  if (value === undefined) return Number.NaN;
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  let text: string;
  if (typeof value === 'object') text = Array.isArray(value) ? value.join(',') : '[object Object]';
  else text = value;
  text = text.trim();
  if (BINARY.test(text)) return parseInt(text.slice(2), 2);
  if (OCTAL.test(text)) return parseInt(text.slice(2), 8);
  if (BAD_HEX.test(text)) return Number.NaN;
  return Number(text);
}

/** lodash lt. */
export function lessThan(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  return toNumberLikeLodash(a) < toNumberLikeLodash(b);
}

function isFalsy(value: Value): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function parsedEquals(text: string, other: Value): boolean {
  try {
    return deepEqual(JSON.parse(text) as JsonValue, other);
  } catch {
    return false;
  }
}

function booleanMatches(bool: boolean, other: Value): boolean {
  if (typeof other === 'string') {
    const lower = other.toLowerCase();
    return (bool && (lower === 'true' || other === '1')) || (!bool && (lower === 'false' || other === '0'));
  }
  if (typeof other === 'number') return (bool && other === 1) || (!bool && other === 0);
  return false;
}

function looseEquals(a: Value, b: Value): boolean {
  if (isFalsy(a) && isFalsy(b)) return true;
  if ((isFalsy(a) && b === undefined) || (a === undefined && isFalsy(b))) return true;
  if (typeof a === 'number' && typeof b === 'string') return a.toString() === b;
  if (typeof a === 'string' && typeof b === 'number') return a === b.toString();
  if (a !== null && typeof a === 'object' && typeof b === 'string') return parsedEquals(b, a);
  if (b !== null && typeof a === 'string' && typeof b === 'object') return parsedEquals(a, b);
  if (typeof a === 'boolean' && booleanMatches(a, b)) return true;
  if (typeof b === 'boolean' && booleanMatches(b, a)) return true;
  return deepEqual(a, b);
}

/** From compare version 2 on, null also equals 0 and "0". */
function nullMatchesZero(a: Value, b: Value): boolean {
  return (a === null && (b === null || b === 0 || b === '0')) || (b === null && (a === 0 || a === '0'));
}

/**
 * n8n's fuzzyCompare: strict deep equality unless `fuzzy`. `compareVersion` is the calling
 * node's version (Compare Datasets passes its own; Merge uses 1).
 */
export function equalityFor(fuzzy: boolean, compareVersion = 1): (a: Value, b: Value) => boolean {
  if (!fuzzy) return deepEqual;
  return (a, b) => {
    if (a !== null && b !== null && typeof a === typeof b) return deepEqual(a, b);
    if (compareVersion >= 2 && nullMatchesZero(a, b)) return true;
    return looseEquals(a, b);
  };
}
