import type { JsonObject, JsonValue } from '../../../workflow/json';

/** A plain JSON object (not null, not an array). */
export function isJsonObjectValue(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy, so that nodes never change the items they were given. */
export function copyJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((entry) => copyJson(entry)) as T;
  const copy: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    // `undefined` can come back from expressions; JSON drops it, so does the copy.
    if (entry !== undefined) copy[key] = copyJson(entry);
  }
  return copy as T;
}

