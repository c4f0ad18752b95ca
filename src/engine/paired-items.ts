import type { Item, ItemsByIndex } from './run-data';

/**
 * n8n guesses `pairedItem` for nodes that set none: every output item comes from the only
 * input item, or item i from input item i when the counts match. Expressions like
 * `$('Node').item` rely on it.
 */
export function assignMissingPairedItems(output: ItemsByIndex, input: Item[]): void {
  for (const items of output) {
    if (!items) continue;
    for (const [index, item] of items.entries()) {
      if (item.pairedItem !== undefined) continue;
      if (input.length === 1) item.pairedItem = { item: 0 };
      else if (items.length === input.length) item.pairedItem = { item: index };
    }
  }
}
