import { NodeOperationError } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { deepEqual, lessThan } from '../utils/compare';
import { fieldList, flattenKeys } from '../utils/items';
import { getPath, readField, setSegments, toPathSegments } from '../utils/object-path';
import { booleanParam, stringParam, valueParam } from '../utils/params';

/**
 * "Remove Items Repeated Within Current Input": an exact port of n8n's algorithm, which sorts
 * a copy by the compared keys and drops each item equal to the last one kept. Its quirks
 * (which duplicate survives, how mixed types order) are n8n's and matter for parity.
 */

function collectKeys(items: Item[], disableDotNotation: boolean): string[] {
  const keys: string[] = [];
  for (const item of items) {
    const itemKeys = Object.keys(disableDotNotation ? item.json : flattenKeys(item.json));
    for (const key of itemKeys) if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

function keysToCompare(ctx: NodeContext, items: Item[], disableDotNotation: boolean): string[] {
  const compare = stringParam(ctx, 'compare', 0, 'allFields');
  const nodeName = ctx.node.name;
  if (compare === 'allFieldsExcept') {
    const excluded = fieldList(nodeName, valueParam(ctx, 'fieldsToExclude', 0), 'Fields To Exclude');
    if (excluded.length === 0) throw new NodeOperationError(nodeName, 'No fields specified. Please add a field to exclude from comparison');
    // n8n takes the first item's keys here (not the union) unless dot notation is off.
    const keys = disableDotNotation ? collectKeys(items, true) : Object.keys(flattenKeys(items[0].json));
    return keys.filter((key) => !excluded.includes(key));
  }
  if (compare === 'selectedFields') {
    const selected = fieldList(nodeName, valueParam(ctx, 'fieldsToCompare', 0), 'Fields To Compare');
    if (selected.length === 0) throw new NodeOperationError(nodeName, 'No fields specified. Please add a field to compare on');
    return selected.map((key) => key.trim());
  }
  return collectKeys(items, disableDotNotation);
}

function validateInputData(ctx: NodeContext, items: Item[], keys: string[], disableDotNotation: boolean, checkTypes: boolean): void {
  const node = ctx.node;
  for (const key of keys) {
    let type: string | undefined;
    for (const [index, item] of items.entries()) {
      if (key === '') throw new NodeOperationError(node.name, 'Name of field to compare is blank');
      const value = readField(item.json, key, disableDotNotation);
      if (value === null && node.typeVersion > 1) continue;
      if (value === undefined) {
        throw new NodeOperationError(node.name, `'${key}' field is missing from some input items`, {
          description:
            disableDotNotation && key.includes('.')
              ? "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
              : undefined,
        });
      }
      const valueType = value === null ? 'object' : Array.isArray(value) ? 'object' : typeof value;
      if (checkTypes && type !== undefined && type !== valueType) {
        const description =
          'The type of this field varies between items' +
          (node.typeVersion > 1 ? `, in item [${index - 1}] it's a ${type} and in item [${index}] it's a ${valueType} ` : '');
        throw new NodeOperationError(node.name, `'${key}' isn't always the same type`, { description });
      }
      type = valueType;
    }
  }
}

function sameOnKeys(a: JsonObject, b: JsonObject, keys: string[], disableDotNotation: boolean): boolean {
  return keys.every((key) => deepEqual(readField(a, key, disableDotNotation), readField(b, key, disableDotNotation)));
}

/** lodash pick: nested paths stay nested, `{a: {b: 1, c: 2}}` picked by `a.b` is `{a: {b: 1}}`. */
function pick(json: JsonObject, keys: string[]): JsonObject {
  const picked: JsonObject = {};
  for (const key of keys) {
    const value = getPath(json, key);
    if (value !== undefined) setSegments(picked, toPathSegments(key, json), value);
  }
  return picked;
}

/** n8n's typeToNumber: Item Lists 3.1 orders values by type before comparing them. */
function typeRank(value: JsonValue | undefined): number {
  if (Array.isArray(value)) return 9;
  if (value === null) return 10;
  const ranks: Record<string, number> = { string: 1, number: 2, boolean: 4, undefined: 6, object: 7 };
  return ranks[typeof value] ?? 0;
}

/**
 * Items (already carrying lineage) with the duplicates removed. `typeOrdered` is Item Lists
 * 3.1's variant: values of different types sort by type and are never refused for it.
 */
export function removeDuplicateInputItems(ctx: NodeContext, items: Item[], typeOrdered = false): Item[] {
  if (items.length === 0) return [];
  const disableDotNotation = booleanParam(ctx, 'options.disableDotNotation', 0);
  const removeOtherFields = booleanParam(ctx, 'options.removeOtherFields', 0);
  const keys = keysToCompare(ctx, items, disableDotNotation);
  const indexed = items.map((item, index) => ({ item, index }));
  indexed.sort((a, b) => {
    for (const key of keys) {
      const valueA = readField(a.item.json, key, disableDotNotation);
      const valueB = readField(b.item.json, key, disableDotNotation);
      if (typeOrdered && typeRank(valueA) !== typeRank(valueB)) return typeRank(valueA) - typeRank(valueB);
      if (!deepEqual(valueA, valueB)) return lessThan(valueA, valueB) ? -1 : 1;
    }
    return 0;
  });
  validateInputData(ctx, indexed.map(({ item }) => item), keys, disableDotNotation, !typeOrdered);
  const removed = new Set<number>();
  let kept = indexed[0];
  for (const candidate of indexed.slice(1)) {
    if (sameOnKeys(candidate.item.json, kept.item.json, keys, disableDotNotation)) removed.add(candidate.index);
    else kept = candidate;
  }
  const remaining = items.filter((_, index) => !removed.has(index));
  if (!removeOtherFields) return remaining;
  // n8n renumbers pairedItem here by output position, a quirk kept for parity.
  return remaining.map((item, index) => ({ json: pick(item.json, keys), pairedItem: { item: index } }));
}
