import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';

/** JSON type names as the generate-schema library n8n uses reports them (every number is `number`). */
function typeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function objectSchema(value: JsonObject): JsonObject {
  const properties: JsonObject = {};
  for (const [key, child] of Object.entries(value)) properties[key] = schemaOf(child);
  return { type: 'object', properties };
}

/** Arrays: one item type when all items agree; objects merged, required = keys every item has; else oneOf. */
function arraySchema(values: JsonValue[]): JsonObject {
  const types = [...new Set(values.map(typeName))];
  if (types.length === 0) return { type: 'array', items: {} };
  if (types.length > 1) return { type: 'array', items: { oneOf: types.map((type) => ({ type })) } };
  if (types[0] === 'object') {
    const objects = values as JsonObject[];
    const properties: JsonObject = {};
    for (const item of objects) for (const [key, child] of Object.entries(item)) properties[key] ??= schemaOf(child);
    const items: JsonObject = { type: 'object', properties };
    if (objects.length > 1) items.required = Object.keys(properties).filter((key) => objects.every((item) => key in item));
    return { type: 'array', items };
  }
  if (types[0] === 'array') return { type: 'array', items: arraySchema((values as JsonValue[][]).flat()) };
  return { type: 'array', items: { type: types[0] } };
}

function schemaOf(value: JsonValue): JsonObject {
  if (Array.isArray(value)) return arraySchema(value);
  if (isJsonObject(value)) return objectSchema(value);
  return { type: typeName(value) };
}

/** n8n 1.3+: every property of every object (and of array items) is required. */
function requireAll(schema: JsonObject): JsonObject {
  if (schema.type === 'object' && isJsonObject(schema.properties)) {
    const keys = Object.keys(schema.properties);
    if (keys.length > 0) schema.required = keys;
    for (const key of keys) {
      const child = schema.properties[key];
      if (isJsonObject(child) && 'type' in child) requireAll(child);
    }
  }
  if (schema.type === 'array' && isJsonObject(schema.items) && 'type' in schema.items) requireAll(schema.items);
  return schema;
}

/** The JSON Schema n8n derives from an example ("Generate From JSON Example"). */
export function schemaFromExample(example: JsonValue, allFieldsRequired: boolean): JsonObject {
  const schema = schemaOf(example);
  return allFieldsRequired ? requireAll(schema) : schema;
}
