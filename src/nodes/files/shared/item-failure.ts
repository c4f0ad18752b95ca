import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * A file node's failure on one item, as n8n handles it: with continueOnFail an `{error}` item
 * paired to the input, otherwise a NodeOperationError naming the node and the item.
 */
export function failedItemOrThrow(ctx: NodeContext, error: unknown, itemIndex: number): Item {
  if (!ctx.continueOnFail()) {
    throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.node.name, errorMessage(error), { itemIndex, cause: error });
  }
  return { json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } };
}
