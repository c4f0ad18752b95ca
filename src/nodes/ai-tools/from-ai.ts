import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';

/**
 * n8n's `$fromAI(key, description?, type?, default?)`: a parameter of a tool node the model
 * fills in. The tool's input schema lists every key; when the tool runs, each call is replaced
 * by the value the model gave (else the default).
 */
export interface FromAiArgument {
  key: string;
  description?: string;
  type: 'string' | 'number' | 'boolean' | 'json';
  defaultValue?: JsonValue;
}

interface FromAiCall {
  argument: FromAiArgument;
  /** Span of the whole `$fromAI(...)` text in the string. */
  start: number;
  end: number;
}

const TYPES = ['string', 'number', 'boolean', 'json'];
const KEY_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Splits the argument text on commas outside quotes (n8n's parser). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote = '';
  let escaped = false;
  for (const char of text) {
    if (escaped) {
      current += char;
      escaped = false;
    } else if (char === '\\') {
      escaped = true;
    } else if (quote === '' && char === ',') {
      args.push(current.trim());
      current = '';
    } else {
      if (char === '"' || char === "'" || char === '`') {
        if (quote === '') quote = char;
        else if (quote === char) quote = '';
      }
      current += char;
    }
  }
  if (current !== '') args.push(current.trim());
  return args.map((arg) => (/^(['"`])[\s\S]*\1$/.test(arg) ? arg.slice(1, -1) : arg));
}

/** n8n keeps the default's type: numbers and booleans as such, JSON parsed when it can be. */
function parseDefault(value: string | undefined, type: FromAiArgument['type']): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (type === 'string') return value;
  const lower = value.toLowerCase();
  if (type === 'boolean' && (lower === 'true' || lower === 'false')) return lower === 'true';
  if (type === 'number' && !Number.isNaN(Number(value))) return Number(value);
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

function parseArguments(text: string): FromAiArgument {
  const [key = '', description, rawType = 'string', rawDefault] = splitArguments(text);
  const type = rawType.toLowerCase();
  if (!TYPES.includes(type)) throw new Error(`Invalid type: ${rawType}`);
  const argument: FromAiArgument = { key, type: type as FromAiArgument['type'] };
  if (description !== undefined && description !== '') argument.description = description;
  const defaultValue = parseDefault(rawDefault, argument.type);
  if (defaultValue !== undefined) argument.defaultValue = defaultValue;
  return argument;
}

/** Every `$fromAI(...)` call in one string, with its span (nested parentheses and quotes handled). */
function findCalls(text: string): FromAiCall[] {
  const calls: FromAiCall[] = [];
  const pattern = /\$fromAI\s*\(\s*/gi;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    let index = match.index + match[0].length;
    let depth = 1;
    let quote = '';
    let body = '';
    while (index < text.length && depth > 0) {
      const char = text[index] as string;
      if (quote !== '') {
        if (char === '\\' && index + 1 < text.length) {
          body += char + text[index + 1];
          index += 2;
          continue;
        }
        if (char === quote) quote = '';
        body += char;
      } else {
        if (char === '"' || char === "'" || char === '`') quote = char;
        else if (char === '(') depth += 1;
        else if (char === ')') depth -= 1;
        if (depth > 0) body += char;
      }
      index += 1;
    }
    if (depth !== 0) throw new Error(`Unbalanced parentheses while parsing $fromAI call: ${text.slice(match.index)}`);
    calls.push({ argument: parseArguments(body), start: match.index, end: index });
    pattern.lastIndex = index;
  }
  return calls;
}

function walkStrings(value: JsonValue | undefined, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((child) => walkStrings(child, visit));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((child) => walkStrings(child, visit));
}

/**
 * The distinct `$fromAI` arguments in a node's parameters, in the order they appear. A key
 * used twice must have the same description and type, as n8n checks.
 */
export function collectFromAiArguments(nodeName: string, parameters: JsonValue): FromAiArgument[] {
  const byKey = new Map<string, FromAiArgument>();
  try {
    walkStrings(parameters, (text) => {
      for (const { argument } of findCalls(text)) {
        if (!KEY_PATTERN.test(argument.key)) {
          throw new NodeOperationError(
            nodeName,
            argument.key === '' ? 'You must specify a key when using $fromAI()' : `Parameter key \`${argument.key}\` is invalid`,
            { description: 'Invalid parameter key, must be between 1 and 64 characters long and only contain letters, numbers, underscores, and hyphens' },
          );
        }
        const known = byKey.get(argument.key);
        if (known && (known.description !== argument.description || known.type !== argument.type)) {
          throw new NodeOperationError(nodeName, `Duplicate key '${argument.key}' found with different description or type`, {
            description: 'Ensure all $fromAI() calls with the same key have consistent descriptions and types',
          });
        }
        // n8n keeps the last occurrence's details under the first occurrence's position.
        byKey.set(argument.key, argument);
      }
    });
  } catch (error) {
    if (error instanceof NodeOperationError) throw error;
    throw new NodeOperationError(nodeName, error instanceof Error ? error.message : String(error));
  }
  return [...byKey.values()];
}

function propertySchema(argument: FromAiArgument): JsonObject {
  const schema: JsonObject =
    argument.type === 'json'
      ? { anyOf: [{ type: 'object', minProperties: 1, additionalProperties: true }, { type: 'array', minItems: 1 }] }
      : { type: argument.type };
  if (argument.description !== undefined) schema.description = argument.description;
  if (argument.defaultValue !== undefined) schema.default = argument.defaultValue;
  return schema;
}

/**
 * The JSON schema n8n sends the model for a tool built from `$fromAI` arguments (a zod object,
 * all keys required except those with a default, converted by zod-to-json-schema).
 */
export function fromAiInputSchema(args: FromAiArgument[]): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const argument of args) {
    properties[argument.key] = propertySchema(argument);
    if (argument.defaultValue === undefined) required.push(argument.key);
  }
  const schema: JsonObject = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  return schema;
}

/** The schema of a tool that takes one text (LangChain's DynamicTool, n8n's tools without a schema). */
export const TEXT_INPUT_SCHEMA: JsonObject = {
  type: 'object',
  properties: { input: { type: 'string' } },
  additionalProperties: false,
  $schema: 'http://json-schema.org/draft-07/schema#',
};

/** The value the model gave for a key (n8n also looks inside a `query` object), else the default. */
export function fromAiValue(values: JsonObject, argument: Pick<FromAiArgument, 'key' | 'defaultValue'>): JsonValue | undefined {
  const query = values.query;
  if (query !== null && typeof query === 'object' && !Array.isArray(query) && Object.hasOwn(query, argument.key)) {
    return query[argument.key];
  }
  if (Object.hasOwn(values, argument.key)) return values[argument.key];
  return argument.defaultValue;
}

/** Replaces each `$fromAI(...)` in one expression string by the literal value the model gave. */
function substituteText(text: string, values: JsonObject): string {
  const calls = findCalls(text);
  if (calls.length === 0) return text;
  let result = '';
  let last = 0;
  for (const call of calls) {
    const value = fromAiValue(values, call.argument);
    result += text.slice(last, call.start) + (value === undefined ? 'undefined' : `(${JSON.stringify(value)})`);
    last = call.end;
  }
  return result + text.slice(last);
}

/**
 * A parameter tree with every `$fromAI` call replaced by the model's value, ready for the
 * ordinary expression evaluation (only `=` expressions can hold calls).
 */
export function substituteFromAi(value: JsonValue, values: JsonObject): JsonValue {
  if (typeof value === 'string') return value.startsWith('=') ? substituteText(value, values) : value;
  if (Array.isArray(value)) return value.map((child) => substituteFromAi(child, values));
  if (value !== null && typeof value === 'object') {
    const result: JsonObject = {};
    for (const [key, child] of Object.entries(value)) result[key] = substituteFromAi(child, values);
    return result;
  }
  return value;
}
