import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { pairedItemList, cloneJson } from '../utils/items';
import { getPath, setPath, unsetPath } from '../utils/object-path';
import type { FieldPair } from '../merge/match-fields';

/** How Compare Datasets shows one pair of matched items that differ. */

export interface CompareOptions {
  nodeName: string;
  nodeVersion: number;
  resolve: string;
  fuzzyCompare: boolean;
  disableDotNotation: boolean;
  skipFields: string[];
  preferWhenMix: string;
  exceptWhenMix: JsonValue;
}

type Equals = (a: JsonValue | undefined, b: JsonValue | undefined) => boolean;

/** v2 turns only a missing value into null; v1 turns every falsy value into null. */
function nullish(version: number, value: JsonValue | undefined): JsonValue {
  if (version >= 2) return value === undefined ? null : value;
  return value || null;
}

function union(first: string[], second: string[]): string[] {
  return [...new Set([...first, ...second])];
}

/** Both versions of one differing field, with fields skipped by dot-notation paths set aside. */
function bothVersions(
  options: CompareOptions,
  key: string,
  keyIndex: number,
  values: [JsonValue, JsonValue],
  skipped: JsonObject,
): JsonObject | undefined {
  const [nameA, nameB] = options.nodeVersion >= 2 ? ['inputA', 'inputB'] : ['input1', 'input2'];
  let [valueA, valueB] = values;
  if (options.nodeVersion >= 2.1 && !options.disableDotNotation && !options.skipFields.includes(key)) {
    const nestedSkips = options.skipFields.filter((field) => field.startsWith(key) && field.includes('.'));
    valueA = cloneJson(valueA);
    valueB = cloneJson(valueB);
    if (nestedSkips.length > 0 && (typeof valueA !== 'object' || typeof valueB !== 'object')) {
      throw new NodeOperationError(options.nodeName, `The field '${key}' in item ${keyIndex} is not an object. It is not possible to use dot notation.`);
    }
    if (skipped[key] === undefined && nestedSkips.length > 0) skipped[key] = { [nameA]: {}, [nameB]: {} };
    for (const field of nestedSkips) {
      const nested = field.replace(`${key}.`, '');
      const holder = skipped[key] as Record<string, JsonObject>;
      const fromA = getPath(valueA, nested);
      const fromB = getPath(valueB, nested);
      setPath(holder[nameA], nested, fromA as JsonValue);
      setPath(holder[nameB], nested, fromB as JsonValue);
      if (valueA !== null && typeof valueA === 'object' && !Array.isArray(valueA)) unsetPath(valueA, nested);
      if (valueB !== null && typeof valueB === 'object' && !Array.isArray(valueB)) unsetPath(valueB, nested);
    }
    return { [nameA]: valueA, [nameB]: valueB };
  }
  if (options.skipFields.includes(key)) {
    skipped[key] = { [nameA]: valueA, [nameB]: valueB };
    return undefined;
  }
  return { [nameA]: valueA, [nameB]: valueB };
}

/** n8n's compareItems: `{keys, same, different, skipped?}` for an "include both versions" output. */
export function compareItems(item1: Item, item2: Item, pairs: FieldPair[], options: CompareOptions, equals: Equals): Item {
  const keys: JsonObject = {};
  for (const pair of pairs) keys[pair.field1] = item1.json[pair.field1] as JsonValue;
  const keys1 = Object.keys(item1.json);
  const keys2 = Object.keys(item2.json);
  const allKeys = union(keys1, keys2);
  const toCompare = options.fuzzyCompare && options.nodeVersion >= 2.1 ? allKeys : keys1.filter((key) => keys2.includes(key));
  const same: JsonObject = {};
  for (const key of toCompare) {
    if (equals(item1.json[key], item2.json[key])) same[key] = item1.json[key] as JsonValue;
  }
  const different: JsonObject = {};
  const skipped: JsonObject = {};
  allKeys
    .filter((key) => !(key in same))
    .forEach((key, keyIndex) => {
      const valueA = nullish(options.nodeVersion, item1.json[key]);
      const valueB = nullish(options.nodeVersion, item2.json[key]);
      if (options.resolve === 'preferInput1') different[key] = valueA;
      else if (options.resolve === 'preferInput2') different[key] = valueB;
      else {
        const both = bothVersions(options, key, keyIndex, [valueA, valueB], skipped);
        if (both !== undefined) different[key] = both;
      }
    });
  const json: JsonObject = { keys, same, different };
  if (Object.keys(skipped).length > 0) json.skipped = skipped;
  return { json, pairedItem: [...pairedItemList(item1.pairedItem), ...pairedItemList(item2.pairedItem)] };
}

/**
 * n8n's combineItems ("Use a Mix of Versions"): the preferred item with the listed fields
 * taken from the other. Like n8n it writes into the preferred input item itself (so an item
 * matched twice shows the last combination in both places, and so does the parent's output).
 */
export function combineItems(item1: Item, item2: Item, options: CompareOptions): Item {
  const [entry, match] = options.preferWhenMix === 'input1' ? [item1, item2] : [item2, item1];
  const except = options.exceptWhenMix;
  let fields: string[];
  if (Array.isArray(except) && except.length > 0) fields = except.map((field) => String(field));
  else fields = typeof except === 'string' && except !== '' ? except.split(',').map((field) => field.trim()) : [];
  for (const field of fields) {
    // The value is read as a path but written as one literal key (lodash set with ['json', field]).
    entry.json[field] = options.disableDotNotation ? (match.json[field] as JsonValue) : (getPath(match.json, field) ?? null);
  }
  return entry;
}
