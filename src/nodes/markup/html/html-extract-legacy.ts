import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import { errorItem, toNodeError } from '../../core/shared/node-helpers';
import { extractItem, pathSource } from './extract-content';
import { legacyValueReader } from './html-values';

/**
 * HTML Extract (n8n-nodes-base.htmlExtract v1): the node the HTML node replaced. The editor
 * no longer offers it but still opens and runs workflows that have it.
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      output.push(...extractItem(ctx, item, itemIndex, { source: pathSource, read: legacyValueReader, defaultValues: {} }));
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      output.push(errorItem(error, itemIndex));
    }
  }
  return [output];
}

export const htmlExtractNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.htmlExtract',
  aliases: ['htmlExtract'],
  displayName: 'HTML Extract',
  versions: [1],
  execute,
};
