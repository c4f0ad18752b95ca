import { NodeOperationError } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { cloneJson, pairedItemList } from '../utils/items';
import { getPath } from '../utils/object-path';
import { stringParam } from '../utils/params';

/** Merge v1 (the legacy node): append, mergeByIndex, mergeByKey, keep/removeKeyMatches, multiplex, passThrough, wait. */

function mergeByIndex(ctx: NodeContext, input1: Item[], input2: Item[]): Item[] {
  const join = stringParam(ctx, 'join', 0, 'left');
  if (input1.length === 0) return join === 'inner' || join === 'left' ? [] : input2;
  if (input2.length === 0) return join === 'left' || join === 'outer' ? input1 : [];
  let count = input1.length;
  if (join === 'inner') count = Math.min(input1.length, input2.length);
  else if (join === 'outer') count = Math.max(input1.length, input2.length);
  const output: Item[] = [];
  for (let index = 0; index < count; index++) {
    if (index >= input1.length) {
      output.push(input2[index]);
      continue;
    }
    if (index >= input2.length) {
      output.push(input1[index]);
      continue;
    }
    const first = input1[index];
    const second = input2[index];
    const item: Item = {
      json: { ...first.json, ...second.json },
      pairedItem: [...pairedItemList(first.pairedItem), ...pairedItemList(second.pairedItem)],
    };
    if (first.binary !== undefined || second.binary !== undefined) item.binary = { ...first.binary, ...second.binary };
    output.push(item);
  }
  return output;
}

/** The lookup key v1 builds from a field value (object keys are strings). */
function keyOf(value: JsonValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value.toString();
  if (typeof value === 'string') return value;
  // null compares as the key "null"; other objects and booleans are not comparable.
  return value === null ? 'null' : undefined;
}

function mergeByKey(ctx: NodeContext, mode: string, input1: Item[], input2: Item[]): Item[] {
  const propertyName1 = stringParam(ctx, 'propertyName1', 0, '');
  const propertyName2 = stringParam(ctx, 'propertyName2', 0, '');
  const overwrite = stringParam(ctx, 'overwrite', 0, 'always');
  if (!propertyName1 || !propertyName2) return mode === 'keepKeyMatches' ? [] : input1;
  const copyData = new Map<string, Item>();
  for (const entry of input2) {
    const key = getPath(entry.json, propertyName2);
    if (!key) continue;
    copyData.set(typeof key === 'object' ? (Array.isArray(key) ? key.join(',') : '[object Object]') : String(key), entry);
  }
  const output: Item[] = [];
  for (const entry of input1) {
    const key = keyOf(getPath(entry.json, propertyName1));
    if (key === undefined) {
      // No comparable reference value: only "remove key matches" keeps the item.
      if (mode === 'removeKeyMatches') output.push(entry);
      continue;
    }
    const match = copyData.get(key);
    if (!match) {
      // Unmatched items stay for "merge by key" (unchanged) and "remove key matches".
      if (mode !== 'keepKeyMatches') output.push(entry);
      continue;
    }
    if (mode === 'removeKeyMatches') continue;
    if (mode === 'keepKeyMatches') {
      output.push(entry);
      continue;
    }
    const json: JsonObject = cloneJson(entry.json);
    for (const [field, value] of Object.entries(match.json)) {
      if (field === propertyName2) continue;
      const current = Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined;
      if (
        overwrite === 'always' ||
        (overwrite === 'undefined' && current === undefined) ||
        (overwrite === 'blank' && (current === null || current === undefined || current === ''))
      ) {
        json[field] = value;
      }
    }
    output.push({ ...entry, json });
  }
  return output;
}

export function executeMergeV1(ctx: NodeContext, inputs: Item[][]): Item[] {
  const [input1 = [], input2 = []] = inputs;
  const mode = stringParam(ctx, 'mode', 0, 'append');
  switch (mode) {
    case 'append':
      return [...input1, ...input2];
    case 'mergeByIndex':
      return mergeByIndex(ctx, input1, input2);
    case 'multiplex':
      return input1.flatMap((entry1) =>
        input2.map((entry2) => ({
          json: { ...entry1.json, ...entry2.json },
          pairedItem: [...pairedItemList(entry1.pairedItem), ...pairedItemList(entry2.pairedItem)],
        })),
      );
    case 'keepKeyMatches':
    case 'mergeByKey':
    case 'removeKeyMatches':
      return mergeByKey(ctx, mode, input1, input2);
    case 'passThrough':
      return stringParam(ctx, 'output', 0, 'input1') === 'input1' ? input1 : input2;
    case 'wait':
      return [{ json: {}, pairedItem: input1.map((_, index) => ({ item: index })) }];
    default:
      throw new NodeOperationError(ctx.node.name, `The mode "${mode}" is not known for Merge version 1`);
  }
}
