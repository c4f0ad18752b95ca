import type { Item, ItemsByIndex, PairedItem } from '../contracts/run-data';

/** Keys an item may have besides `error` and still count as an error item (as n8n checks). */
const ERROR_ITEM_KEYS = new Set(['error', 'message', 'details']);

function errorDataOf(item: Item): unknown {
  if (item.error) return item.error;
  const keys = Object.keys(item.json);
  if (Boolean(item.json.error) && keys.every((key) => ERROR_ITEM_KEYS.has(key))) return item.json.error;
  return undefined;
}

function firstPairing(pairedItem: Item['pairedItem']): PairedItem | undefined {
  if (typeof pairedItem !== 'object' || pairedItem === null) return undefined;
  return Array.isArray(pairedItem) ? pairedItem[0] : pairedItem;
}

/**
 * n8n's handleNodeErrorOutput, for a node with `continueErrorOutput` that handled its own
 * failure: items that carry an error (`item.error`, or json holding only error/message/
 * details) leave the regular outputs for the error output, which is the last one. An error
 * item paired to an input item gets that item's fields under its own; an unpaired one goes
 * as it is (a Code node's all-items failure, for instance, is just `{error}`).
 */
export function splitErrorItems(output: ItemsByIndex, total: number, inputs: Item[][]): ItemsByIndex {
  const result: ItemsByIndex = [...output];
  while (result.length < total) result.push([]);
  const errorItems: Item[] = [];
  for (let outputIndex = 0; outputIndex < total - 1; outputIndex++) {
    const kept: Item[] = [];
    for (const item of output[outputIndex] ?? []) {
      if (errorDataOf(item) === undefined) {
        kept.push(item);
        continue;
      }
      const pairing = firstPairing(item.pairedItem);
      const source = pairing ? inputs[pairing.input ?? 0]?.[pairing.item] : undefined;
      errorItems.push(source ? { ...item, json: { ...source.json, ...item.json } } : item);
    }
    result[outputIndex] = kept;
  }
  result[total - 1] = errorItems;
  return result;
}
