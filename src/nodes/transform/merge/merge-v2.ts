import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { pairedItemList } from '../utils/items';
import { addSuffixToKeys, mergeBinaries, mergeMethodFor, readClashOptions } from './clash';
import { checkFieldPairs, checkFieldsPresent, combineByFields, type FieldPair } from './match-fields';
import { combineAll, readJoinMode, readOutputDataFrom } from './modes-v3';
import { asObject, booleanParam, listParam, stringParam } from '../utils/params';

/** Merge v2 / v2.1: append, combine (mergeByFields, mergeByPosition, multiplex), chooseBranch. */

function mergeByPosition(ctx: NodeContext, first: Item[], second: Item[]): Item[] {
  if (first.length === 0 || second.length === 0) return [...first, ...second];
  const clash = readClashOptions(ctx);
  const includeUnpaired = booleanParam(ctx, 'options.includeUnpaired', 0);
  let input1 = first;
  let input2 = second;
  if (clash.resolveClash === 'preferInput1') [input1, input2] = [input2, input1];
  if (clash.resolveClash === 'addSuffix') {
    input1 = addSuffixToKeys(input1, '1');
    input2 = addSuffixToKeys(input2, '2');
  }
  const count = includeUnpaired ? Math.max(input1.length, input2.length) : Math.min(input1.length, input2.length);
  const mergeObjects = mergeMethodFor(clash);
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
    const entry1 = input1[index];
    const entry2 = input2[index];
    output.push({
      json: mergeObjects([entry1.json, entry2.json]),
      binary: mergeBinaries([entry1.binary, entry2.binary]),
      pairedItem: [...pairedItemList(entry1.pairedItem), ...pairedItemList(entry2.pairedItem)],
    });
  }
  return output;
}

function readPairs(ctx: NodeContext): FieldPair[] {
  return listParam(ctx, 'mergeByFields.values', 0).map((entry) => {
    const pair = asObject(entry);
    return { field1: String(pair.field1 ?? ''), field2: String(pair.field2 ?? '') };
  });
}

function mergeByFields(ctx: NodeContext, input1: Item[], input2: Item[]): Item[] {
  const pairs = checkFieldPairs(ctx.node.name, readPairs(ctx));
  const joinMode = readJoinMode(ctx);
  const disableDotNotation = booleanParam(ctx, 'options.disableDotNotation', 0);
  if (ctx.node.typeVersion < 2.1) {
    checkFieldsPresent(ctx.node.name, input1, pairs.map((pair) => pair.field1), disableDotNotation, 'Input 1');
    checkFieldsPresent(ctx.node.name, input2, pairs.map((pair) => pair.field2), disableDotNotation, 'Input 2');
  }
  const output = combineByFields({
    input1,
    input2,
    pairs,
    options: {
      joinMode,
      outputDataFrom: readOutputDataFrom(ctx, joinMode),
      fuzzyCompare: booleanParam(ctx, 'options.fuzzyCompare', 0),
      disableDotNotation,
      multipleMatches: stringParam(ctx, 'options.multipleMatches', 0, 'all') === 'first' ? 'first' : 'all',
    },
    clash: readClashOptions(ctx),
  });
  return output ?? [];
}

export function executeMergeV2(ctx: NodeContext, inputs: Item[][]): Item[] {
  const [input1 = [], input2 = []] = inputs;
  const mode = stringParam(ctx, 'mode', 0, 'append');
  if (mode === 'append') return [...input1, ...input2];
  if (mode === 'chooseBranch') {
    if (stringParam(ctx, 'chooseBranchMode', 0, 'waitForBoth') !== 'waitForBoth') return [];
    const output = stringParam(ctx, 'output', 0, 'input1');
    if (output === 'input1') return input1;
    if (output === 'input2') return input2;
    if (output === 'empty') {
      return [{ json: {}, pairedItem: [...input1, ...input2].flatMap((item) => pairedItemList(item.pairedItem)) }];
    }
    return [];
  }
  if (mode !== 'combine') throw new NodeOperationError(ctx.node.name, `The mode "${mode}" is not known for Merge version ${ctx.node.typeVersion}`);
  const combinationMode = stringParam(ctx, 'combinationMode', 0, 'mergeByFields');
  if (combinationMode === 'multiplex') return combineAll(ctx, [input1, input2]);
  if (combinationMode === 'mergeByPosition') return mergeByPosition(ctx, input1, input2);
  if (combinationMode === 'mergeByFields') return mergeByFields(ctx, input1, input2);
  throw new NodeOperationError(ctx.node.name, `The combination mode "${combinationMode}" is not known`);
}
