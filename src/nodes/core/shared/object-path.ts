import type { JsonObject, JsonValue } from '../../../workflow/json';

/**
 * Field paths with the semantics of the lodash get/set/unset that n8n's Set node uses:
 * `a.b`, `a[0].b`, `a["x.y"]`; a key that exists as written (`{"a.b": 1}`) is read and
 * written as one key; writing through a missing step creates an array when the next step
 * is an index, an object otherwise.
 */

type Container = JsonObject | JsonValue[];

const INDEX = /^(?:0|[1-9]\d*)$/;
const SIMPLE_KEY = /^\w*$/;
const HAS_PATH_SYNTAX = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/;
/** A dotted name, or a bracketed number or quoted key, or an empty step between dots. */
const STEP = /[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g;
const ESCAPED = /\\(\\)?/g;
/** Writing these would reach Object.prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** The steps of `path` as lodash's castPath reads them against `root`. */
export function pathSteps(path: string, root?: unknown): string[] {
  if (SIMPLE_KEY.test(path) || !HAS_PATH_SYNTAX.test(path)) return [path];
  if (isContainer(root) && hasOwn(root, path)) return [path];
  const steps: string[] = [];
  if (path.startsWith('.')) steps.push('');
  for (const match of path.matchAll(STEP)) {
    const [whole, bracketNumber, quote, quoted] = match;
    steps.push(quote ? (quoted ?? '').replace(ESCAPED, '$1') : (bracketNumber ?? whole));
  }
  return steps;
}

function child(current: unknown, key: string): unknown {
  if (!isContainer(current) || !hasOwn(current, key)) return undefined;
  return (current as Record<string, unknown>)[key];
}

/** lodash `get`: the value at `path`, or undefined. */
export function getPath(root: JsonObject, path: string): JsonValue | undefined {
  let current: unknown = root;
  for (const key of pathSteps(path, root)) {
    current = child(current, key);
    if (current === undefined) return undefined;
  }
  return current as JsonValue;
}

/** Writes `value` into an array or object; arrays grown past their end get nulls, as JSON shows holes. */
function assign(target: Container, key: string, value: JsonValue): void {
  if (Array.isArray(target) && INDEX.test(key)) {
    const index = Number(key);
    while (target.length < index) target.push(null);
    target[index] = value;
    return;
  }
  (target as Record<string, JsonValue>)[key] = value;
}

/** lodash `set`: writes `value` at `path`, creating the missing steps. */
export function setPath(root: JsonObject, path: string, value: JsonValue): void {
  const steps = pathSteps(path, root);
  if (steps.some((key) => FORBIDDEN_KEYS.has(key))) return;
  let current: Container = root;
  for (let index = 0; index < steps.length - 1; index++) {
    const key = steps[index];
    const existing = child(current, key);
    if (isContainer(existing)) {
      current = existing as Container;
      continue;
    }
    const created: Container = INDEX.test(steps[index + 1]) ? [] : {};
    assign(current, key, created);
    current = created;
  }
  assign(current, steps[steps.length - 1], value);
}

/** lodash `unset`: removes the value at `path` when it exists. */
export function unsetPath(root: JsonObject, path: string): void {
  const steps = pathSteps(path, root);
  let current: unknown = root;
  for (const key of steps.slice(0, -1)) {
    current = child(current, key);
    if (!isContainer(current)) return;
  }
  const last = steps[steps.length - 1];
  if (isContainer(current) && hasOwn(current, last)) delete (current as Record<string, unknown>)[last];
}
