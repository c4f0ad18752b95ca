import { NodeOperationError } from '../../../errors';
import type { JsonObject } from '../../../workflow/json';
import type { Item, PairedItem } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { pairedItemList } from '../utils/items';
import { addSuffixToKeys, mergeBinaries, mergeMethodFor, readClashOptions } from './clash';
import { checkFieldPairs, combineByFields, type FieldPair, type JoinMode, type OutputDataFrom } from './match-fields';
import { asObject, booleanParam, listParam, numberParam, stringParam } from '../utils/params';

/** Merge v3 modes. Each gets the inputs with n8n's lineage already applied. */

export function append(inputs: Item[][]): Item[] {
  return inputs.flat();
}

export function chooseBranch(ctx: NodeContext, inputs: Item[][]): Item[] {
  const chooseBranchMode = stringParam(ctx, 'chooseBranchMode', 0, 'waitForAll');
  if (chooseBranchMode !== 'waitForAll') return [];
  const output = stringParam(ctx, 'output', 0, 'specifiedInput');
  if (output === 'specifiedInput') {
    const useDataOfInput = numberParam(ctx, 'useDataOfInput', 0, 1);
    if (useDataOfInput > inputs.length) {
      throw new NodeOperationError(ctx.node.name, `Input ${useDataOfInput} doesn't exist`, {
        description: `The node has only ${inputs.length} inputs, so selecting input ${useDataOfInput} is not possible.`,
      });
    }
    return [...(inputs[useDataOfInput - 1] ?? [])];
  }
  if (output === 'empty') {
    // n8n pairs the empty item with every item of inputs 1 and 2 only.
    const pairedItem = [...(inputs[0] ?? []), ...(inputs[1] ?? [])].flatMap((item) => pairedItemList(item.pairedItem));
    return [{ json: {}, pairedItem }];
  }
  return [];
}

export function combineAll(ctx: NodeContext, inputs: Item[][]): Item[] {
  const clash = readClashOptions(ctx);
  let input1 = inputs[0] ?? [];
  let input2 = inputs[1] ?? [];
  if (clash.resolveClash === 'preferInput1') [input1, input2] = [input2, input1];
  if (clash.resolveClash === 'addSuffix') {
    input1 = addSuffixToKeys(input1, '1');
    input2 = addSuffixToKeys(input2, '2');
  }
  const mergeObjects = mergeMethodFor(clash);
  const output: Item[] = [];
  for (const entry1 of input1) {
    for (const entry2 of input2) {
      output.push({
        json: mergeObjects([entry1.json, entry2.json]),
        binary: mergeBinaries([entry1.binary, entry2.binary]),
        pairedItem: [...pairedItemList(entry1.pairedItem), ...pairedItemList(entry2.pairedItem)],
      });
    }
  }
  return output;
}

export function combineByPosition(ctx: NodeContext, inputs: Item[][]): Item[] {
  const clash = readClashOptions(ctx);
  const includeUnpaired = booleanParam(ctx, 'options.includeUnpaired', 0);
  const preferMatch = /^preferInput(\d+)$/.exec(clash.resolveClash ?? '');
  const preferredIndex = preferMatch ? Number(preferMatch[1]) - 1 : inputs.length - 1;
  // Taken before the suffixes are added, as n8n does.
  const preferred = inputs[preferredIndex] ?? [];
  const sources = clash.resolveClash === 'addSuffix' ? inputs.map((input, index) => addSuffixToKeys(input, String(index + 1))) : inputs;
  const lengths = [...sources.map((input) => input.length), preferred.length];
  const count = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  const mergeObjects = mergeMethodFor(clash);
  const output: Item[] = [];
  for (let index = 0; index < count; index++) {
    const preferredEntry: Partial<Item> = preferred[index] ?? {};
    const rest: Array<Partial<Item>> = sources.map((input) => input[index] ?? {});
    const jsons: JsonObject[] = [...rest.map((entry) => entry.json ?? {}), preferredEntry.json ?? {}];
    const pairedItem: PairedItem[] = [...rest, preferredEntry].flatMap((entry) => pairedItemList(entry.pairedItem));
    output.push({
      json: mergeObjects(jsons),
      binary: mergeBinaries([...rest.map((entry) => entry.binary), preferredEntry.binary]),
      pairedItem,
    });
  }
  return output;
}

const JOIN_MODES: JoinMode[] = ['keepMatches', 'keepNonMatches', 'keepEverything', 'enrichInput1', 'enrichInput2'];

function readFieldPairs(ctx: NodeContext): FieldPair[] {
  if (booleanParam(ctx, 'advanced', 0)) {
    return listParam(ctx, 'mergeByFields.values', 0).map((entry) => {
      const pair = asObject(entry);
      return { field1: String(pair.field1 ?? ''), field2: String(pair.field2 ?? '') };
    });
  }
  return stringParam(ctx, 'fieldsToMatchString', 0, '')
    .split(',')
    .map((field) => ({ field1: field.trim(), field2: field.trim() }));
}

export function readJoinMode(ctx: NodeContext): JoinMode {
  const joinMode = stringParam(ctx, 'joinMode', 0, 'keepMatches');
  if ((JOIN_MODES as string[]).includes(joinMode)) return joinMode as JoinMode;
  throw new NodeOperationError(ctx.node.name, `The value "${joinMode}" is not supported for the parameter "joinMode"`);
}

/** "Output Data From" is only shown (so only read) for keepMatches and keepNonMatches. */
export function readOutputDataFrom(ctx: NodeContext, joinMode: JoinMode): OutputDataFrom {
  if (joinMode !== 'keepMatches' && joinMode !== 'keepNonMatches') return 'both';
  const value = stringParam(ctx, 'outputDataFrom', 0, 'both');
  return value === 'input1' || value === 'input2' ? value : 'both';
}

export function combineByMatchingFields(ctx: NodeContext, inputs: Item[][]): Item[] | null {
  const pairs = checkFieldPairs(ctx.node.name, readFieldPairs(ctx));
  const joinMode = readJoinMode(ctx);
  const outputDataFrom = readOutputDataFrom(ctx, joinMode);
  return combineByFields({
    input1: inputs[0] ?? [],
    input2: inputs[1] ?? [],
    pairs,
    options: {
      joinMode,
      outputDataFrom,
      fuzzyCompare: booleanParam(ctx, 'options.fuzzyCompare', 0),
      disableDotNotation: booleanParam(ctx, 'options.disableDotNotation', 0),
      multipleMatches: stringParam(ctx, 'options.multipleMatches', 0, 'all') === 'first' ? 'first' : 'all',
    },
    clash: readClashOptions(ctx),
  });
}
