import type { Item, PairedItem } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { isJsonObjectValue } from '../shared/json-values';
import { codeValidationError } from './result-errors';

/**
 * Turns what Code-node JavaScript returned into items, with n8n's rules and messages:
 * all-items mode takes an array of items or of plain objects (wrapped as `json`) or one
 * object; per-item mode takes one object per item and skips items that returned nothing.
 */

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);
const RETURN_ARRAY_ADVICE = 'Please return an array of objects, one for each item you would like to output.';

function isPairedItem(value: unknown): value is PairedItem | PairedItem[] | number {
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.every((entry) => isJsonObjectValue(entry) && typeof entry.item === 'number');
  return isJsonObjectValue(value) && typeof value.item === 'number';
}

function checkItemShape(nodeName: string, item: JsonObject, itemIndex: number): void {
  if (!isJsonObjectValue(item.json)) {
    throw codeValidationError(nodeName, "A 'json' property isn't an object", "In the returned data, every key named 'json' must point to an object.", { itemIndex });
  }
  if (item.binary !== undefined && !isJsonObjectValue(item.binary)) {
    throw codeValidationError(nodeName, "A 'binary' property isn't an object", "In the returned data, every key named 'binary' must point to an object.", { itemIndex });
  }
}

/** Item keys mixed with other keys mean the user put fields beside `json` instead of in it. */
function checkTopLevelKeys(nodeName: string, item: JsonObject, itemIndex: number): void {
  const keys = Object.keys(item);
  const reserved = keys.find((key) => ITEM_KEYS.has(key));
  const unknown = keys.filter((key) => !ITEM_KEYS.has(key));
  if (unknown.length === 0) return;
  if (reserved !== undefined) {
    throw codeValidationError(
      nodeName,
      'Invalid output format',
      `An output item contains the reserved key <code>${reserved}</code>. To get around this, please wrap each item in an object, under a key called <code>json</code>. <a href="https://docs.n8n.io/data/data-structure/#data-structure" target="_blank">Example</a>`,
      { itemIndex },
    );
  }
  throw codeValidationError(nodeName, `Unknown top-level item key: ${unknown[0]}`, 'Access the properties of an item under `.json`, e.g. `item.json`', { itemIndex });
}

function toItem(entry: JsonObject): Item {
  const item: Item = { json: entry.json as JsonObject };
  if (isJsonObjectValue(entry.binary)) item.binary = entry.binary as unknown as Item['binary'];
  if (isPairedItem(entry.pairedItem)) item.pairedItem = entry.pairedItem;
  return item;
}

/** n8n's normalizeItems: `{json}` entries stay, `{binary, ...}` entries split, anything else is wrapped. */
function normalizeEntries(nodeName: string, entries: JsonObject[]): JsonObject[] {
  const inconsistent = () => codeValidationError(nodeName, 'Inconsistent item format', RETURN_ARRAY_ADVICE);
  if (entries.every((entry) => 'json' in entry)) return entries;
  if (entries.some((entry) => 'json' in entry)) throw inconsistent();
  if (entries.every((entry) => 'binary' in entry)) {
    return entries.map(({ binary, ...json }) => ({ json, binary }));
  }
  if (entries.some((entry) => 'binary' in entry)) throw inconsistent();
  return entries.map((json) => ({ json }));
}

export function normalizeAllItemsResult(nodeName: string, returned: JsonValue | undefined): Item[] {
  if (returned === null) return [];
  if (typeof returned !== 'object' || returned === undefined) {
    throw codeValidationError(nodeName, "Code doesn't return items properly", RETURN_ARRAY_ADVICE);
  }
  let entries: JsonObject[];
  if (Array.isArray(returned)) {
    if (!returned.every(isJsonObjectValue)) {
      throw codeValidationError(nodeName, "Code doesn't return items properly", RETURN_ARRAY_ADVICE);
    }
    const objects = returned as JsonObject[];
    if (objects.some((entry) => Object.keys(entry).some((key) => ITEM_KEYS.has(key)))) {
      objects.forEach((entry, index) => checkTopLevelKeys(nodeName, entry, index));
    }
    entries = normalizeEntries(nodeName, objects);
  } else {
    entries = returned.json ? [returned] : [{ json: returned }];
  }
  entries.forEach((entry, index) => checkItemShape(nodeName, entry, index));
  return entries.map(toItem);
}

/** What n8n's task runner keeps of one per-item result: `json` if present, else the value itself. */
function extractJson(result: JsonValue): JsonValue {
  if (typeof result !== 'object' || result === null) return result;
  if (Array.isArray(result)) return result;
  if ('json' in result) return result.json;
  if ('binary' in result) return result.json ?? {};
  return result;
}

export function normalizeEachItemResult(nodeName: string, returned: Array<JsonValue | undefined>): Item[] {
  const items: Item[] = [];
  returned.forEach((result, inputIndex) => {
    // null, undefined and other falsy results skip the item, as in n8n.
    if (!result) return;
    const entry: JsonObject = { json: extractJson(result), pairedItem: { item: inputIndex } };
    if (isJsonObjectValue(result) && result.binary) entry.binary = result.binary;
    checkItemShape(nodeName, entry, items.length);
    items.push(toItem(entry));
  });
  return items;
}
