import type { JsonObject, JsonValue } from '../../../workflow/json';

/**
 * Field paths as n8n's nodes read them (they use lodash get/set/unset): `a.b`, `a[0].b`,
 * `a["x.y"]`, and a key that exists as written (`{"a.b": 1}` read with `a.b`) wins over
 * the dotted reading. Kept here so every transform node resolves fields the same way.
 */

const PLAIN_PROP = /^\w*$/;
const DEEP_PROP = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/;
const PROP_NAME = /[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g;
const ESCAPE_CHAR = /\\(\\)?/g;
const INDEX = /^(?:0|[1-9]\d*)$/;
/** Keys that would reach Object.prototype: never written. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Container = JsonObject | JsonValue[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function isDirectKey(path: string, root: unknown): boolean {
  if (PLAIN_PROP.test(path) || !DEEP_PROP.test(path)) return true;
  return isContainer(root) && Object.prototype.hasOwnProperty.call(root, path);
}

/** Splits a path the way lodash's stringToPath does. */
export function toPathSegments(path: string, root?: unknown): string[] {
  if (isDirectKey(path, root)) return [path];
  const segments: string[] = [];
  if (path.startsWith('.')) segments.push('');
  path.replace(PROP_NAME, (match: string, num?: string, quote?: string, quoted?: string) => {
    segments.push(quote ? (quoted ?? '').replace(ESCAPE_CHAR, '$1') : (num ?? match));
    return match;
  });
  return segments;
}

function step(current: unknown, key: string): unknown {
  if (typeof current === 'string') {
    if (key === 'length') return current.length;
    return INDEX.test(key) ? current[Number(key)] : undefined;
  }
  if (!isContainer(current)) return undefined;
  if (Array.isArray(current) && key === 'length') return current.length;
  if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
  return (current as Record<string, unknown>)[key];
}

/** lodash `get`: the value at `path`, or undefined. */
export function getPath(root: JsonValue | undefined, path: string): JsonValue | undefined {
  let current: unknown = root;
  for (const key of toPathSegments(path, root)) {
    if (current === undefined || current === null) return undefined;
    current = step(current, key);
  }
  return current as JsonValue | undefined;
}

/** lodash `set`: writes `value` at `path`, creating objects (or arrays before an index). */
export function setPath(root: JsonObject, path: string, value: JsonValue): void {
  setSegments(root, toPathSegments(path, root), value);
}

/** `set` with a path already split (lodash `pick` splits against the source object). */
export function setSegments(root: JsonObject, segments: string[], value: JsonValue): void {
  if (segments.some((key) => UNSAFE_KEYS.has(key))) return;
  let current: Container = root;
  segments.forEach((key, index) => {
    const target = current as Record<string, JsonValue>;
    if (index === segments.length - 1) {
      target[key] = value;
      return;
    }
    const existing = target[key];
    if (isContainer(existing)) {
      current = existing;
    } else {
      const created: Container = INDEX.test(segments[index + 1]) ? [] : {};
      target[key] = created;
      current = created;
    }
  });
}

/** lodash `unset`: removes the value at `path` when its parent exists. */
export function unsetPath(root: JsonObject, path: string): void {
  const segments = toPathSegments(path, root);
  const last = segments.pop();
  if (last === undefined) return;
  let parent: unknown = root;
  for (const key of segments) {
    parent = step(parent, key);
    if (!isContainer(parent)) return;
  }
  if (isContainer(parent)) delete (parent as Record<string, unknown>)[last];
}

/** Reads a field either as a path (default) or as one literal key (`disableDotNotation`). */
export function readField(json: JsonObject, field: string, disableDotNotation: boolean): JsonValue | undefined {
  return disableDotNotation ? (Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined) : getPath(json, field);
}
