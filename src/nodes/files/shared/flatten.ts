import type { JsonObject, JsonValue } from '../../../workflow/json';

type Flat = Record<string, string | number | boolean | null>;

/** n8n's flattenObject: nested keys joined with dots (spreadsheet columns `a.b`, `list.0`). */
export function flattenObject(data: JsonObject | JsonValue[]): Flat {
  const flat: Flat = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(flattenObject(value))) flat[`${key}.${inner}`] = innerValue;
    } else {
      flat[key] = value as string | number | boolean | null;
    }
  }
  return flat;
}
