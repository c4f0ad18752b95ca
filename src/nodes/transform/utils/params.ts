import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * Typed reads of node parameters. n8n fills in each parameter's default before a node runs;
 * the workflow JSON only holds what the user changed, so every read names n8n's default.
 */

function read(ctx: NodeContext, path: string, itemIndex: number): JsonValue | undefined {
  return ctx.getParam<JsonValue | undefined>(path, itemIndex, undefined);
}

export function stringParam(ctx: NodeContext, path: string, itemIndex: number, fallback: string): string {
  const value = read(ctx, path, itemIndex);
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function booleanParam(ctx: NodeContext, path: string, itemIndex: number, fallback = false): boolean {
  const value = read(ctx, path, itemIndex);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fallback;
}

export function numberParam(ctx: NodeContext, path: string, itemIndex: number, fallback: number): number {
  const value = read(ctx, path, itemIndex);
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? fallback : parsed;
}

export function objectParam(ctx: NodeContext, path: string, itemIndex: number): JsonObject {
  const value = read(ctx, path, itemIndex);
  return isJsonObject(value) ? value : {};
}

export function listParam(ctx: NodeContext, path: string, itemIndex: number): JsonValue[] {
  const value = read(ctx, path, itemIndex);
  return Array.isArray(value) ? value : [];
}

/** A raw value (no type assumed), `undefined` when the parameter is absent. */
export function valueParam(ctx: NodeContext, path: string, itemIndex: number): JsonValue | undefined {
  return read(ctx, path, itemIndex);
}

export function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** JavaScript's `value?.toString() ?? ''`, which n8n applies to free-form key values. */
export function textOf(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((entry) => (entry === null ? '' : textOf(entry))).join(',');
  if (typeof value === 'object') return '[object Object]';
  return String(value);
}
