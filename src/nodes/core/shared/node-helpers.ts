import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item, PairedItem } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { isJsonObjectValue } from './json-values';

/** An input item handed on unchanged, linked to the input item it is. */
export function passItem(item: Item, itemIndex: number, inputIndex = 0): Item {
  const pairedItem: PairedItem = inputIndex === 0 ? { item: itemIndex } : { item: itemIndex, input: inputIndex };
  return { ...item, pairedItem };
}

/** The item n8n emits for a failed input item when the node continues on fail. */
export function errorItem(error: unknown, itemIndex?: number): Item {
  const item: Item = { json: { error: errorMessage(error) } };
  if (itemIndex !== undefined) item.pairedItem = { item: itemIndex };
  return item;
}

/**
 * Wraps a failure in a NodeOperationError naming this node (kept as is when it already is
 * one), with the item it happened on.
 */
export function toNodeError(
  ctx: NodeContext,
  error: unknown,
  options: { itemIndex?: number; description?: string } = {},
): NodeOperationError {
  if (error instanceof NodeOperationError) return error;
  const description = options.description ?? (error as { description?: unknown }).description;
  return new NodeOperationError(ctx.node.name, errorMessage(error), {
    itemIndex: options.itemIndex,
    description: typeof description === 'string' ? description : undefined,
    cause: error,
  });
}

/** Typed reads of resolved parameters, with n8n's defaults when a value is absent. */
export function readString(ctx: NodeContext, path: string, itemIndex: number, fallback: string): string {
  const value = ctx.getParam<JsonValue | undefined>(path, itemIndex, undefined);
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : String(value);
}

export function readBoolean(ctx: NodeContext, path: string, itemIndex: number, fallback: boolean): boolean {
  const value = ctx.getParam<JsonValue | undefined>(path, itemIndex, undefined);
  if (value === undefined || value === null) return fallback;
  return value === true || value === 'true';
}

export function readNumber(ctx: NodeContext, path: string, itemIndex: number, fallback: number): number {
  const value = ctx.getParam<JsonValue | undefined>(path, itemIndex, undefined);
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isNaN(number) ? fallback : number;
}

export function readObject(ctx: NodeContext, path: string, itemIndex: number): JsonObject {
  const value = ctx.getParam<JsonValue | undefined>(path, itemIndex, undefined);
  return isJsonObjectValue(value) ? value : {};
}

/** The zone n8n formats and parses dates in: the workflow's, else the service default. */
export function workflowTimezone(ctx: NodeContext): string {
  return ctx.timezone;
}
