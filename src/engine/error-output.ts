import type { Item, ItemsByIndex, PairedItem, SerializedError } from '../contracts/run-data';
import type { JsonValue } from '../workflow/json';

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

/**
 * n8n's normalizeNodeErrors: an item that carries an error object (a node that continued on
 * fail by attaching the error, as JWT does) shows only `{error: message}` as its json; the
 * error object stays on the item. Also for the `{$error, $json}` shape some nodes return.
 */
export function showItemErrors(output: ItemsByIndex): void {
  for (const items of output) {
    for (const item of items ?? []) {
      const wrapped = item.json.$error;
      if (wrapped !== undefined && item.json.$json !== undefined && typeof wrapped === 'object' && wrapped !== null) {
        item.error = wrapped as unknown as SerializedError;
        item.json = { error: (wrapped as { message?: JsonValue }).message ?? null };
      } else if (item.error !== undefined) {
        item.json = { error: item.error.message };
      }
    }
  }
}
