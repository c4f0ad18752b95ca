import type { JsonObject, JsonValue } from '../../../workflow/json';

/**
 * lodash `merge`/`mergeWith` and `assign`/`assignWith` for JSON, which n8n's Merge node uses
 * to combine items: deep merge recurses into objects and merges arrays index by index; a
 * later source wins. `keepEmpty` is n8n's "Minimize Empty Fields" customizer: an empty source
 * value (null or '') does not overwrite a value the target already has.
 */

type Customizer = (targetValue: JsonValue | undefined, sourceValue: JsonValue) => boolean;

function isPlainObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const keepTargetWhenSourceEmpty: Customizer = (targetValue, sourceValue) =>
  targetValue !== undefined && (sourceValue === null || sourceValue === '');

function mergeArray(target: JsonValue[], source: JsonValue[], keep?: Customizer): JsonValue[] {
  source.forEach((value, index) => {
    target[index] = mergeValue(target[index], value, keep);
  });
  return target;
}

function mergeValue(targetValue: JsonValue | undefined, sourceValue: JsonValue, keep?: Customizer): JsonValue {
  if (keep?.(targetValue, sourceValue)) return targetValue as JsonValue;
  if (Array.isArray(sourceValue)) {
    const base = Array.isArray(targetValue) ? targetValue : [];
    return mergeArray(base, sourceValue, keep);
  }
  if (isPlainObject(sourceValue)) {
    // lodash merges an object into an existing array in place; JSON keeps only the array.
    if (Array.isArray(targetValue)) return targetValue;
    const base = isPlainObject(targetValue) ? targetValue : {};
    return mergeObjectInto(base, sourceValue, keep);
  }
  return sourceValue;
}

function mergeObjectInto(target: JsonObject, source: JsonObject, keep?: Customizer): JsonObject {
  for (const [key, value] of Object.entries(source)) {
    if (key === '__proto__') continue;
    target[key] = mergeValue(Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined, value, keep);
  }
  return target;
}

/** lodash `merge({}, ...sources)`: nothing given is mutated. */
export function deepMerge(sources: Array<JsonObject | undefined>, keepEmpty = false): JsonObject {
  const result: JsonObject = {};
  for (const source of sources) {
    if (source) mergeObjectInto(result, structuredClone(source), keepEmpty ? keepTargetWhenSourceEmpty : undefined);
  }
  return result;
}

/** lodash `assign({}, ...sources)` / `assignWith` with the empty-value customizer. */
export function shallowMerge(sources: Array<JsonObject | undefined>, keepEmpty = false): JsonObject {
  const result: JsonObject = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      const existing = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
      if (keepEmpty && keepTargetWhenSourceEmpty(existing, value)) continue;
      result[key] = value;
    }
  }
  return result;
}
