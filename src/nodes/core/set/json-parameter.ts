import { AutomatorError } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { parseRepairedJson } from '../shared/repaired-json';

/** JSON text in a Set parameter that is not a JSON object; messages are n8n's. */
export class JsonParameterError extends AutomatorError {
  constructor(
    message: string,
    readonly description?: string,
  ) {
    super(message, 'bad_request');
  }
}

/** n8n's parseJsonParameter: text (repaired by jsonrepair, as n8n) or an object, which must be an object. */
export function parseJsonParameter(data: JsonValue | undefined, itemIndex: number, entryName?: string): JsonObject {
  const location = entryName ? `entry "${entryName}" inside 'Fields to Set'` : "'JSON Output'";
  let parsed: JsonValue | undefined = data;
  if (typeof data === 'string') {
    try {
      parsed = parseRepairedJson(data);
    } catch {
      throw new JsonParameterError(`The ${location} in item ${itemIndex} contains invalid JSON`, data);
    }
  }
  if (!isJsonObjectValue(parsed)) {
    throw new JsonParameterError(`The ${location} in item ${itemIndex} does not contain a valid JSON object`);
  }
  return parsed;
}

const RESOLVABLE = /({{[\s\S]*?}})/g;

/**
 * n8n's resolveRawData: every `{{ ... }}` in JSON text is evaluated on its own and written
 * back, objects as JSON and everything else as text, so the result can be parsed.
 */
export function resolveJsonTemplate(ctx: NodeContext, template: string, itemIndex: number): string {
  let text = template;
  for (const resolvable of template.match(RESOLVABLE) ?? []) {
    const value: unknown = ctx.evaluate(`=${resolvable}`, itemIndex);
    const replacement = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    text = text.replace(resolvable, () => replacement);
  }
  return text;
}

/** The text of an expression parameter without its leading `=`, or undefined when it is no expression. */
export function expressionTemplate(raw: JsonValue | undefined): string | undefined {
  return typeof raw === 'string' && raw.startsWith('=') ? raw.replace(/^=+/, '') : undefined;
}
