import type { JsonObject, JsonValue } from '../../workflow/json';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

function schemaOfValue(value: JsonValue, allRequired: boolean): JsonObject {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) {
    const first = value[0];
    return first === undefined ? { type: 'array' } : { type: 'array', items: schemaOfValue(first, allRequired) };
  }
  if (typeof value === 'object') {
    const properties: JsonObject = {};
    for (const [key, child] of Object.entries(value)) properties[key] = schemaOfValue(child, allRequired);
    const schema: JsonObject = { type: 'object', properties };
    if (allRequired) schema.required = Object.keys(value);
    schema.additionalProperties = false;
    return schema;
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

/**
 * A tool's input schema from an example object (n8n's "Generate From JSON Example"); from
 * Code Tool 1.3 every field is required.
 */
export function schemaFromExample(example: string, allRequired: boolean): JsonObject {
  const parsed = JSON.parse(example) as JsonValue;
  const schema = schemaOfValue(parsed, allRequired);
  return { ...schema, $schema: DRAFT_07 };
}

/** A tool's input schema written by hand (n8n's "Define using JSON Schema"). */
export function schemaFromParameter(text: string): JsonObject {
  const parsed = JSON.parse(text) as JsonValue;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The schema must be a JSON object');
  const { $schema: _ignored, ...rest } = parsed;
  void _ignored;
  const schema: JsonObject = { ...rest };
  if (schema.type === 'object' && schema.additionalProperties === undefined) schema.additionalProperties = false;
  return { ...schema, $schema: DRAFT_07 };
}
