import type { NodeContext } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';

/** The Model parameter: a resource locator (`{__rl, mode, value}`) or, in old workflows, a string. */
export function modelIdOf(ctx: NodeContext, itemIndex: number): string {
  const raw = ctx.getParam<JsonValue>('modelId', itemIndex, '');
  const value = isJsonObject(raw) ? raw.value : raw;
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** A Messages row, with n8n's defaults filled in (role user, type text). */
export function messageRows(ctx: NodeContext, path: string, itemIndex: number): JsonObject[] {
  const rows = ctx.getParam<JsonValue>(path, itemIndex, []);
  return (Array.isArray(rows) ? rows : []).filter(isJsonObject);
}

export function assertPrompt(ctx: NodeContext, hasText: boolean, itemIndex: number): void {
  if (!hasText) throw new NodeOperationError(ctx.node.name, 'A non-empty prompt is required.', { itemIndex });
}

export const nonEmptyText = (value: JsonValue | undefined): boolean => typeof value === 'string' && value.trim() !== '';

/**
 * The endpoint answered 2xx with something that is not an OpenAI reply (a proxy's HTML page,
 * an empty object). n8n fails reading it with a JavaScript TypeError; its message is kept so
 * the node error reads as n8n's, and the description says what actually came back.
 */
export function notAnOpenAiReply(ctx: NodeContext, endpoint: string, reply: JsonValue, n8nMessage: string, itemIndex: number): NodeOperationError {
  const shown = typeof reply === 'string' ? reply : JSON.stringify(reply);
  return new NodeOperationError(ctx.node.name, n8nMessage, {
    itemIndex,
    description: `The endpoint ${endpoint} did not answer with an OpenAI reply: ${shown.slice(0, 200)}. Check the base URL of the OpenAI credential.`,
  });
}

/** Reads a JSON text option the way n8n's jsonParse does, failing with n8n's message. */
export function parseJsonOption(ctx: NodeContext, value: JsonValue | undefined, errorMessage: string, itemIndex: number): JsonValue {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    throw new NodeOperationError(ctx.node.name, errorMessage, { itemIndex });
  }
}
