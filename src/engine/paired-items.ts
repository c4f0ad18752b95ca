import type { Item, ItemsByIndex, PairedItem } from '../contracts/run-data';

/**
 * n8n's assignPairedItems for nodes that set no `pairedItem` (one input assumed): with a
 * single input item every output item comes from it; with one output of as many items as
 * the input, item i from input item i; one output item from many input items comes from
 * the first. Otherwise the guessing stops at the first unpaired item, as in n8n.
 * Expressions like `$('Node').item` rely on it.
 */
export function assignMissingPairedItems(output: ItemsByIndex, inputs: ItemsByIndex): void {
  if (output.length === 0) return;
  const singleInput = inputs.length === 1;
  const inputCount = inputs[0]?.length ?? 0;
  const singleInputAndOutput = singleInput && inputCount === 1;
  const sameNumberOfItems = output.length === 1 && singleInput && inputCount === (output[0]?.length ?? 0);
  const singleOutput = output.length === 1 && output[0]?.length === 1 && singleInput && inputCount > 1;
  for (const items of output) {
    if (!items) continue;
    for (const [index, item] of items.entries()) {
      if (item.pairedItem !== undefined) continue;
      if (singleInputAndOutput || singleOutput) item.pairedItem = { item: 0 };
      else if (sameNumberOfItems) item.pairedItem = { item: index };
      else return;
    }
  }
}

/** alwaysOutputData's empty item comes from every input item (n8n lists them all). */
export function pairWithAllInputs(inputs: ItemsByIndex): PairedItem[] {
  const pairs: PairedItem[] = [];
  inputs.forEach((items, input) => (items ?? []).forEach((_item, item) => pairs.push({ item, input })));
  return pairs;
}

/**
 * n8n's addPairedItemLineage: before a node runs, each input item is re-paired to its own
 * place in the parent's output (`{item: i}`, plus `input` past the first input). Nodes that
 * pass items through, and `$('Node').item` walking back from the current input item, then
 * start from the right hop.
 */
export function withPairedItemLineage(main: ItemsByIndex): Item[][] {
  return main.map((items, input) =>
    (items ?? []).map((item, index): Item => ({ ...item, pairedItem: input ? { item: index, input } : { item: index } })),
  );
}
