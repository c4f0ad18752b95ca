import { createHash } from 'node:crypto';
import { NodeOperationError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * The deduplication history behind Remove Duplicates v2's "Remove Items Processed in
 * Previous Executions". n8n keeps it in a database table per workflow and context (node or
 * workflow scope); here it lives in the workflow's static data, which the service persists
 * between executions, under one reserved key. Semantics follow n8n's DeduplicationHelper.
 */

export type HistoryMode = 'entries' | 'latestIncrementalKey' | 'latestDate';
export type HistoryScope = 'node' | 'workflow';

const STATIC_DATA_KEY = '__removeDuplicatesHistory';

interface Checked {
  new: string[];
  processed: string[];
}

function historyRoot(ctx: NodeContext): JsonObject {
  const existing = ctx.staticData[STATIC_DATA_KEY];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  ctx.staticData[STATIC_DATA_KEY] = created;
  return created;
}

function contextKey(ctx: NodeContext, scope: HistoryScope): string {
  // By node id, as n8n does, so renaming the node keeps its history.
  return scope === 'node' ? `n:${ctx.node.id}` : 'workflow';
}

function hashOf(value: string): string {
  return createHash('md5').update(value).digest('base64');
}

/** n8n's compareValues: is `a` later/greater than `b`? */
function isGreater(nodeName: string, mode: HistoryMode, a: JsonValue, b: JsonValue): boolean {
  if (mode === 'latestIncrementalKey') {
    const numberA = Number(a);
    const numberB = Number(b);
    if (Number.isNaN(numberA) || Number.isNaN(numberB)) {
      throw new NodeOperationError(nodeName, 'Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
    }
    return numberA > numberB;
  }
  const dateA = new Date(String(a));
  const dateB = new Date(String(b));
  if (Number.isNaN(dateA.getTime()) || Number.isNaN(dateB.getTime())) {
    throw new NodeOperationError(nodeName, 'Invalid value. Only valid dates are supported in mode "latestDate"');
  }
  return dateA > dateB;
}

function readEntry(ctx: NodeContext, scope: HistoryScope, mode: HistoryMode): JsonObject | undefined {
  const entry = historyRoot(ctx)[contextKey(ctx, scope)];
  if (!isJsonObject(entry)) return undefined;
  if (entry.mode !== mode) {
    throw new NodeOperationError(
      ctx.node.name,
      'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.',
    );
  }
  return entry;
}

export function processedCount(ctx: NodeContext, scope: HistoryScope): number {
  const entry = historyRoot(ctx)[contextKey(ctx, scope)];
  return isJsonObject(entry) && entry.mode === 'entries' && Array.isArray(entry.data) ? entry.data.length : 0;
}

function checkLatest(ctx: NodeContext, keys: string[], scope: HistoryScope, mode: HistoryMode): Checked {
  const nodeName = ctx.node.name;
  const sorted = [...keys].sort((a, b) => (isGreater(nodeName, mode, a, b) ? 1 : -1));
  const entry = readEntry(ctx, scope, mode);
  const root = historyRoot(ctx);
  if (!entry) {
    root[contextKey(ctx, scope)] = { mode, data: sorted[sorted.length - 1] ?? null };
    return { new: keys, processed: [] };
  }
  const stored = entry.data;
  let largest = stored;
  const checked: Checked = { new: [], processed: [] };
  for (const key of sorted) {
    if (isGreater(nodeName, mode, key, stored)) {
      checked.new.push(key);
      if (isGreater(nodeName, mode, key, largest)) largest = key;
    } else {
      checked.processed.push(key);
    }
  }
  root[contextKey(ctx, scope)] = { mode, data: largest };
  return checked;
}

function checkEntries(ctx: NodeContext, keys: string[], scope: HistoryScope, maxEntries: number): Checked {
  const hashes = keys.map(hashOf);
  const entry = readEntry(ctx, scope, 'entries');
  const stored = entry && Array.isArray(entry.data) ? entry.data.map(String) : undefined;
  const root = historyRoot(ctx);
  if (!stored) {
    root[contextKey(ctx, scope)] = { mode: 'entries', data: maxEntries ? hashes.slice(-maxEntries) : hashes };
    return { new: keys, processed: [] };
  }
  const known = new Set(stored);
  const checked: Checked = { new: [], processed: [] };
  hashes.forEach((hash, index) => {
    if (known.has(hash)) {
      checked.processed.push(keys[index]);
    } else {
      checked.new.push(keys[index]);
      stored.push(hash);
      known.add(hash);
    }
  });
  root[contextKey(ctx, scope)] = { mode: 'entries', data: maxEntries ? stored.slice(-maxEntries) : stored };
  return checked;
}

/** Records `keys` and tells which were new and which were seen before. */
export function checkProcessedAndRecord(
  ctx: NodeContext,
  keys: string[],
  scope: HistoryScope,
  mode: HistoryMode,
  maxEntries = 0,
): Checked {
  return mode === 'entries' ? checkEntries(ctx, keys, scope, maxEntries) : checkLatest(ctx, keys, scope, mode);
}

export function clearHistory(ctx: NodeContext, scope: HistoryScope): void {
  delete historyRoot(ctx)[contextKey(ctx, scope)];
}
