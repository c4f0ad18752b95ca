import { NodeOperationError } from '../../../errors';
import type { JsonValue } from '../../../workflow/json';
import type { Item, PairedItem } from '../../../contracts/run-data';
import { equalityFor } from '../utils/compare';
import { pairedItemList } from '../utils/items';
import { readField } from '../utils/object-path';
import { addSuffixToKeys, mergeBinaries, mergeMethodFor, type ClashOptions } from './clash';

/**
 * Merge by matching fields (v3 "Combine > Matching Fields", v2 "Merge By Fields"): an
 * n8n-exact port of findMatches/mergeMatched, including its output order (matches first,
 * in input-1 order, then the unmatched items of input 1, then of input 2).
 */

export interface FieldPair {
  field1: string;
  field2: string;
}

export type JoinMode = 'keepMatches' | 'keepNonMatches' | 'keepEverything' | 'enrichInput1' | 'enrichInput2';
export type OutputDataFrom = 'both' | 'input1' | 'input2';

export interface MatchOptions {
  joinMode: JoinMode;
  outputDataFrom: OutputDataFrom;
  fuzzyCompare: boolean;
  disableDotNotation: boolean;
  multipleMatches: 'all' | 'first';
  /** The fuzzy-compare rules' version (Compare Datasets passes its node version). */
  compareVersion?: number;
}

export interface EntryMatches {
  entry: Item;
  matches: Item[];
}

export interface Matches {
  matched: EntryMatches[];
  matched2: Item[];
  unmatched1: Item[];
  unmatched2: Item[];
}

/** n8n's checkMatchFieldsInput, with its messages. */
export function checkFieldPairs(nodeName: string, pairs: FieldPair[]): FieldPair[] {
  if (pairs.length === 1 && pairs[0].field1 === '' && pairs[0].field2 === '') {
    throw new NodeOperationError(nodeName, 'You need to define at least one pair of fields in "Fields to Match" to match on');
  }
  pairs.forEach((pair, index) => {
    if (pair.field1 === '' || pair.field2 === '') {
      throw new NodeOperationError(
        nodeName,
        `You need to define both fields in "Fields to Match" for pair ${index + 1},\n\t\t\t\t field 1 = '${pair.field1}'\n\t\t\t\t field 2 = '${pair.field2}'`,
      );
    }
  });
  return pairs;
}

/** Merge v2.0's checkInput: every match field must occur in some item of its input. */
export function checkFieldsPresent(nodeName: string, items: Item[], fields: string[], disableDotNotation: boolean, label: string): void {
  for (const field of fields) {
    if (!items.some((item) => readField(item.json, field, disableDotNotation) !== undefined)) {
      throw new NodeOperationError(nodeName, `Field '${field}' is not present in any of items in '${label}'`);
    }
  }
}

export function findMatches(input1: Item[], input2: Item[], pairs: FieldPair[], options: MatchOptions): Matches {
  const equals = equalityFor(options.fuzzyCompare, options.compareVersion);
  const result: Matches = { matched: [], matched2: [], unmatched1: [], unmatched2: [] };
  const matchedInInput2 = new Set<number>();
  const splitMatches = options.outputDataFrom === 'both' || options.joinMode === 'enrichInput1' || options.joinMode === 'enrichInput2';

  for (const entry1 of input1) {
    // Keyed by input-2 field as n8n does: two pairs naming the same input-2 field collapse.
    const lookup = new Map<string, JsonValue | undefined>();
    for (const pair of pairs) lookup.set(pair.field2, readField(entry1.json, pair.field1, options.disableDotNotation));
    if ([...lookup.values()].some((value) => value === undefined)) {
      result.unmatched1.push(entry1);
      continue;
    }
    const isMatch = (entry2: Item): boolean =>
      [...lookup].every(([field, expected]) => equals(expected, readField(entry2.json, field, options.disableDotNotation)));
    const found: number[] = [];
    if (options.multipleMatches === 'all') {
      input2.forEach((entry2, index) => {
        if (isMatch(entry2)) found.push(index);
      });
    } else {
      const index = input2.findIndex(isMatch);
      if (index !== -1) found.push(index);
    }
    found.forEach((index) => matchedInInput2.add(index));
    const matches = found.map((index) => input2[index]);
    if (matches.length === 0) result.unmatched1.push(entry1);
    else if (splitMatches) matches.forEach((match) => result.matched.push({ entry: entry1, matches: [match] }));
    else result.matched.push({ entry: entry1, matches });
  }
  input2.forEach((entry, index) => (matchedInInput2.has(index) ? result.matched2 : result.unmatched2).push(entry));
  return result;
}

/** n8n's mergeMatched: one output item per match entry, input 2 winning unless told otherwise. */
export function mergeMatched(matched: EntryMatches[], clash: ClashOptions, joinMode?: JoinMode): Item[] {
  const mergeObjects = mergeMethodFor(clash);
  let resolveClash = clash.resolveClash === 'preferInput2' ? 'preferLast' : clash.resolveClash;
  if (resolveClash === undefined) resolveClash = joinMode === 'enrichInput2' ? 'preferInput1' : 'preferLast';
  return matched.map(({ entry, matches }) => {
    let ordered: Item[];
    if (resolveClash === 'addSuffix') {
      ordered = [...addSuffixToKeys([entry], '1'), ...addSuffixToKeys(matches, '2')];
    } else if (resolveClash === 'preferInput1') {
      ordered = [...matches, entry];
    } else if (resolveClash === 'preferLast') {
      ordered = [entry, ...matches];
    } else {
      // An unknown clash setting leaves n8n's accumulators empty.
      return { json: {}, binary: {}, pairedItem: [] };
    }
    const pairedItem: PairedItem[] = ordered.flatMap((item) => pairedItemList(item.pairedItem));
    return {
      json: mergeObjects(ordered.map((item) => item.json)),
      binary: mergeBinaries(ordered.map((item) => item.binary)),
      pairedItem,
    };
  });
}

export function addSourceField(items: Item[], source: string): Item[] {
  return items.map((item) => ({ ...item, json: { ...item.json, _source: source } }));
}

export interface CombineByFieldsInput {
  input1: Item[];
  input2: Item[];
  pairs: FieldPair[];
  options: MatchOptions;
  clash: ClashOptions;
}

/**
 * The join itself, shared by Merge v2 and v3. Returns the output items, or null where n8n
 * returns no output at all (keepMatches/enrich with an empty input).
 */
export function combineByFields({ input1, input2, pairs, options, clash }: CombineByFieldsInput): Item[] | null {
  const { joinMode, outputDataFrom } = options;
  if (input1.length === 0 || input2.length === 0) {
    if (input1.length === 0 && joinMode === 'keepNonMatches' && outputDataFrom === 'input1') return [];
    if (input2.length === 0 && joinMode === 'keepNonMatches' && outputDataFrom === 'input2') return [];
    if (joinMode === 'keepMatches') return null;
    if (joinMode === 'enrichInput1' && input1.length === 0) return null;
    if (joinMode === 'enrichInput2' && input2.length === 0) return null;
    return [...input1, ...input2];
  }
  if (pairs.length === 0) {
    return joinMode === 'keepMatches' || joinMode === 'keepEverything' || joinMode === 'enrichInput2' ? [] : input1;
  }
  const matches = findMatches(input1, input2, pairs, options);
  const suffixed = clash.resolveClash === 'addSuffix';
  switch (joinMode) {
    case 'keepMatches':
    case 'keepEverything': {
      let output: Item[];
      if (outputDataFrom === 'input1') output = matches.matched.map((match) => match.entry);
      else if (outputDataFrom === 'input2') output = matches.matched2;
      else output = mergeMatched(matches.matched, clash);
      if (joinMode === 'keepMatches') return output;
      const unmatched1 = suffixed ? addSuffixToKeys(matches.unmatched1, '1') : matches.unmatched1;
      const unmatched2 = suffixed ? addSuffixToKeys(matches.unmatched2, '2') : matches.unmatched2;
      return [...output, ...unmatched1, ...unmatched2];
    }
    case 'keepNonMatches':
      if (outputDataFrom === 'input1') return matches.unmatched1;
      if (outputDataFrom === 'input2') return matches.unmatched2;
      return [...addSourceField(matches.unmatched1, 'input1'), ...addSourceField(matches.unmatched2, 'input2')];
    case 'enrichInput1':
    case 'enrichInput2': {
      const merged = mergeMatched(matches.matched, clash, joinMode);
      const rest = joinMode === 'enrichInput1' ? matches.unmatched1 : matches.unmatched2;
      const suffix = joinMode === 'enrichInput1' ? '1' : '2';
      return [...merged, ...(suffixed ? addSuffixToKeys(rest, suffix) : rest)];
    }
    default:
      return [];
  }
}
