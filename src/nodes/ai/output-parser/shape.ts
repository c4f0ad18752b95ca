import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';

/**
 * A JSON Schema reduced to what n8n's parser enforces (it turns the schema into a zod schema):
 * types, object properties with required keys (unknown keys are dropped, as zod does), array
 * items, enums and unions. Other keywords (formats, lengths...) are not checked, as in n8n.
 */
export type Shape =
  | { kind: 'object'; properties: Array<{ key: string; shape: Shape; required: boolean }> | null; description?: string }
  | { kind: 'array'; items: Shape | null; description?: string }
  | { kind: 'string'; enum?: JsonValue[]; description?: string }
  | { kind: 'number' | 'integer' | 'boolean' | 'null' | 'any'; description?: string }
  | { kind: 'union'; options: Shape[]; description?: string };

const describe = (schema: JsonObject): { description?: string } => (typeof schema.description === 'string' ? { description: schema.description } : {});

function shapeOfType(type: string, schema: JsonObject): Shape {
  switch (type) {
    case 'object': {
      if (!isJsonObject(schema.properties)) return { kind: 'object', properties: null, ...describe(schema) };
      const required = Array.isArray(schema.required) ? schema.required : [];
      const properties = Object.entries(schema.properties).map(([key, child]) => ({
        key,
        shape: shapeOf(isJsonObject(child) ? child : {}),
        required: required.includes(key) || (isJsonObject(child) && child.required === true),
      }));
      return { kind: 'object', properties, ...describe(schema) };
    }
    case 'array':
      return { kind: 'array', items: isJsonObject(schema.items) ? shapeOf(schema.items) : null, ...describe(schema) };
    case 'string':
      return { kind: 'string', ...(Array.isArray(schema.enum) ? { enum: schema.enum } : {}), ...describe(schema) };
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { kind: type, ...describe(schema) };
    default:
      return { kind: 'any', ...describe(schema) };
  }
}

/** JSON Schema -> Shape. */
export function shapeOf(schema: JsonObject): Shape {
  if (Array.isArray(schema.type)) {
    return { kind: 'union', options: schema.type.map((type) => shapeOfType(String(type), schema)), ...describe(schema) };
  }
  if (typeof schema.type === 'string') return shapeOfType(schema.type, schema);
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (alternatives) return { kind: 'union', options: alternatives.map((child) => shapeOf(isJsonObject(child) ? child : {})), ...describe(schema) };
  if (Array.isArray(schema.enum)) return { kind: 'string', enum: schema.enum, ...describe(schema) };
  return { kind: 'any', ...describe(schema) };
}

/** Thrown when a value does not fit; `path` says where (`output.tags[1]`). */
export class ShapeMismatch extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path === '' ? 'value' : path}: ${detail}`);
  }
}

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

function typeOf(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Checks `value` against `shape` and returns it with unknown object keys dropped (zod's default). */
export function conform(shape: Shape, value: JsonValue, path = ''): JsonValue {
  const expect = (ok: boolean, wanted: string): void => {
    if (!ok) throw new ShapeMismatch(path, `expected ${wanted}, received ${typeOf(value)}`);
  };
  switch (shape.kind) {
    case 'any':
      return value;
    case 'string':
      expect(typeof value === 'string', 'string');
      if (shape.enum && !shape.enum.includes(value)) throw new ShapeMismatch(path, `expected one of ${JSON.stringify(shape.enum)}, received ${JSON.stringify(value)}`);
      return value;
    case 'number':
      expect(typeof value === 'number', 'number');
      return value;
    case 'integer':
      expect(typeof value === 'number' && Number.isInteger(value), 'integer');
      return value;
    case 'boolean':
      expect(typeof value === 'boolean', 'boolean');
      return value;
    case 'null':
      expect(value === null, 'null');
      return value;
    case 'array':
      expect(Array.isArray(value), 'array');
      return (value as JsonValue[]).map((item, index) => (shape.items ? conform(shape.items, item, join(path, index)) : item));
    case 'object': {
      expect(isJsonObject(value), 'object');
      const object = value as JsonObject;
      if (shape.properties === null) return object;
      const out: JsonObject = {};
      for (const { key, shape: child, required } of shape.properties) {
        if (object[key] === undefined) {
          if (required) throw new ShapeMismatch(join(path, key), 'required');
          continue;
        }
        out[key] = conform(child, object[key], join(path, key));
      }
      return out;
    }
    case 'union': {
      for (const option of shape.options) {
        try {
          return conform(option, value, path);
        } catch (error) {
          if (!(error instanceof ShapeMismatch)) throw error;
        }
      }
      throw new ShapeMismatch(path, `matches none of the allowed types, received ${typeOf(value)}`);
    }
  }
}

/**
 * The schema text LangChain puts in the format instructions (zod-to-json-schema's output for
 * n8n's zod schema). A shape met a second time becomes a `$ref` to where it was first written,
 * as zod-to-json-schema does for a reused zod object (n8n's v1 wrapper uses the user's schema twice).
 */
export function instructionSchema(shape: Shape, path = '#', seen = new Map<Shape, string>()): JsonObject {
  const earlier = seen.get(shape);
  if (earlier !== undefined) return { $ref: earlier };
  seen.set(shape, path);
  let out: JsonObject;
  switch (shape.kind) {
    case 'object':
      if (shape.properties === null) {
        out = { type: 'object', additionalProperties: {} };
        break;
      }
      out = {
        type: 'object',
        properties: Object.fromEntries(shape.properties.map(({ key, shape: child }) => [key, instructionSchema(child, `${path}/properties/${key}`, seen)])),
      };
      if (shape.properties.some((p) => p.required)) out.required = shape.properties.filter((p) => p.required).map((p) => p.key);
      out.additionalProperties = false;
      break;
    case 'array':
      out = shape.items ? { type: 'array', items: instructionSchema(shape.items, `${path}/items`, seen) } : { type: 'array' };
      break;
    case 'string':
      out = shape.enum ? { type: 'string', enum: shape.enum } : { type: 'string' };
      break;
    case 'any':
      out = {};
      break;
    case 'union': {
      const simple = shape.options.every((option) => option.kind !== 'object' && option.kind !== 'array' && option.kind !== 'any' && !('enum' in option && option.enum));
      out = simple ? { type: shape.options.map((option) => option.kind) } : { anyOf: shape.options.map((option, index) => instructionSchema(option, `${path}/anyOf/${index}`, seen)) };
      break;
    }
    default:
      out = { type: shape.kind };
  }
  if (shape.description !== undefined) out.description = shape.description;
  return out;
}
