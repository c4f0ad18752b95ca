import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import { filterPasses } from './conditions/filter-param';
import { evaluateLegacyRows } from './conditions/legacy-rows';
import { passItem, readString, workflowTimezone } from './shared/node-helpers';

/**
 * n8n's Filter: keeps the items whose conditions hold. Like n8n it returns the discarded
 * items as a second list: the run data shows them ("Discarded"), but the node has one
 * connectable output, so an error output (onError: continueErrorOutput) is output 1.
 */

function passesV1(ctx: NodeContext, itemIndex: number): boolean {
  const requireAll = readString(ctx, 'combineConditions', itemIndex, 'AND') === 'AND';
  return evaluateLegacyRows(ctx, itemIndex, requireAll);
}

function passesV2(ctx: NodeContext, itemIndex: number, timezone: string): boolean {
  try {
    return filterPasses(ctx, 'conditions', itemIndex, timezone);
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    return false;
  }
}

function split(ctx: NodeContext): Item[][] {
  const kept: Item[] = [];
  const discarded: Item[] = [];
  const timezone = workflowTimezone(ctx);
  const passes = (itemIndex: number) =>
    ctx.node.typeVersion < 2 ? passesV1(ctx, itemIndex) : passesV2(ctx, itemIndex, timezone);
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    (passes(itemIndex) ? kept : discarded).push(passItem(item, itemIndex));
  });
  return [kept, discarded];
}

export const filterNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.filter',
  aliases: ['filter'],
  displayName: 'Filter',
  versions: [1, 2, 2.1, 2.2, 2.3],
  outputs: () => 1,
  execute: async (ctx) => split(ctx),
};
