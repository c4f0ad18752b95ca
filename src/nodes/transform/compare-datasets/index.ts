import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import { isJsonObject, type JsonValue } from '../../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { equalityFor, deepEqual } from '../utils/compare';
import { cloneJson } from '../utils/items';
import { unsetPath } from '../utils/object-path';
import { booleanParam, listParam, objectParam, stringParam, valueParam } from '../utils/params';
import { checkFieldPairs, checkFieldsPresent, findMatches, type EntryMatches, type FieldPair } from '../merge/match-fields';
import { combineItems, compareItems, type CompareOptions } from './compare-items';

/**
 * n8n's Compare Datasets (v1, 2, 2.1, 2.2, 2.3): pairs items of input A and B on matching
 * fields and sorts them into four outputs: in A only, same, different, in B only.
 */

function fieldPairs(ctx: NodeContext): FieldPair[] {
  const rows = listParam(ctx, 'mergeByFields.values', 0);
  const pairs = (rows.length > 0 ? rows : [{ field1: '', field2: '' }]).map((row) => {
    const values = isJsonObject(row) ? row : {};
    return { field1: String(values.field1 ?? ''), field2: String(values.field2 ?? '') };
  });
  return checkFieldPairs(ctx.node.name, pairs);
}

/** Items with empty JSON take no part in the comparison. */
function nonEmpty(items: Item[]): Item[] {
  return items.filter((item) => Object.keys(item.json).length > 0);
}

function readOptions(ctx: NodeContext): CompareOptions & { multipleMatches: 'all' | 'first' } {
  const version = ctx.node.typeVersion;
  const options = objectParam(ctx, 'options', 0);
  const resolve = stringParam(ctx, 'resolve', 0, version < 2.1 ? 'preferInput2' : 'includeBoth');
  const disableDotNotation = options.disableDotNotation === true;
  const skipFields = String(options.skipFields ?? '')
    .split(',')
    .map((field) => field.trim());
  if (disableDotNotation && skipFields.some((field) => field.includes('.'))) {
    const field = skipFields.find((entry) => entry.includes('.'));
    throw new NodeOperationError(ctx.node.name, `Dot notation is disabled, but field to skip comparing '${field}' contains dot`);
  }
  return {
    nodeName: ctx.node.name,
    nodeVersion: version,
    resolve,
    fuzzyCompare: version >= 2 ? booleanParam(ctx, 'fuzzyCompare', 0, false) : options.fuzzyCompare === true,
    disableDotNotation,
    skipFields,
    multipleMatches: options.multipleMatches === 'all' ? 'all' : 'first',
    preferWhenMix: resolve === 'mix' ? stringParam(ctx, 'preferWhenMix', 0, 'input1') : '',
    exceptWhenMix: resolve === 'mix' ? (valueParam(ctx, 'exceptWhenMix', 0) ?? '') : '',
  };
}

/** The JSON compared for sameness: skipped fields left out (by key, or by path when dotted). */
function withoutSkipped(json: Item['json'], options: CompareOptions): Item['json'] {
  if (options.skipFields.length === 0) return json;
  if (options.disableDotNotation || !options.skipFields.some((field) => field.includes('.'))) {
    return Object.fromEntries(Object.entries(json).filter(([key]) => !options.skipFields.includes(key)));
  }
  const copy = cloneJson(json);
  for (const field of options.skipFields) unsetPath(copy, field);
  return copy;
}

function sortMatches(matched: EntryMatches[], pairs: FieldPair[], options: CompareOptions): { same: Item[]; different: Item[] } {
  const equals = equalityFor(options.fuzzyCompare, options.nodeVersion);
  const same: Item[] = [];
  const different: Item[] = [];
  for (const { entry, matches } of matched) {
    let sameItem: Item | undefined;
    for (const match of matches) {
      const jsonA = withoutSkipped(entry.json, options);
      const jsonB = withoutSkipped(match.json, options);
      // Fuzzy: only input A's fields are compared; strict: the whole objects.
      const equal = options.fuzzyCompare
        ? Object.keys(jsonA).every((key) => equals(jsonA[key] as JsonValue, jsonB[key] as JsonValue | undefined))
        : deepEqual(jsonA, jsonB);
      if (equal) {
        sameItem ??= options.fuzzyCompare && options.resolve === 'preferInput2' ? match : entry;
        continue;
      }
      if (options.resolve === 'preferInput1') different.push(entry);
      else if (options.resolve === 'preferInput2') different.push(match);
      else if (options.resolve === 'mix') different.push(combineItems(entry, match, options));
      else different.push(compareItems(entry, match, pairs, options, equals));
    }
    if (sameItem) same.push(sameItem);
  }
  return { same, different };
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const pairs = fieldPairs(ctx);
  const options = readOptions(ctx);
  // Not copied: n8n's "mix" writes into the preferred input item itself, and the parent node's
  // output shows the change too (its run data holds the same objects). Kept for parity.
  const input1 = nonEmpty(ctx.getInputItems(0));
  const input2 = nonEmpty(ctx.getInputItems(1));
  if (options.nodeVersion < 2.2) {
    if (input1.length > 0) checkFieldsPresent(ctx.node.name, input1, pairs.map((pair) => pair.field1), options.disableDotNotation, 'Input A');
    if (input2.length > 0) checkFieldsPresent(ctx.node.name, input2, pairs.map((pair) => pair.field2), options.disableDotNotation, 'Input B');
  }
  const matches = findMatches(input1, input2, pairs, {
    joinMode: 'keepMatches',
    outputDataFrom: 'input1',
    fuzzyCompare: options.fuzzyCompare,
    disableDotNotation: options.disableDotNotation,
    multipleMatches: options.multipleMatches,
    compareVersion: options.nodeVersion,
  });
  const { same, different } = sortMatches(matches.matched, pairs, options);
  return [matches.unmatched1, same, different, matches.unmatched2];
}

export const compareDatasetsNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.compareDatasets',
  aliases: ['compareDatasets'],
  displayName: 'Compare Datasets',
  versions: [1, 2, 2.1, 2.2, 2.3],
  inputs: () => 2,
  outputs: () => 4,
  requiredInputs: () => 1,
  execute,
};
