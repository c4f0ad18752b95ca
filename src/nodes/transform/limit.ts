import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { withLineage } from './utils/items';
import { numberParam, stringParam } from './utils/params';

/** Limit (n8n-nodes-base.limit v1): keep the first or last `maxItems` items. */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = withLineage(ctx.getInputItems());
  const maxItems = numberParam(ctx, 'maxItems', 0, 1);
  if (maxItems > items.length) return [items];
  if (stringParam(ctx, 'keep', 0, 'firstItems') === 'firstItems') return [items.slice(0, maxItems)];
  return [items.slice(items.length - maxItems, items.length)];
}

export const limitNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.limit',
  aliases: ['limit'],
  displayName: 'Limit',
  versions: [1],
  execute,
};
