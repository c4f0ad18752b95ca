import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import { filterPasses } from './conditions/filter-param';
import { evaluateLegacyRows } from './conditions/legacy-rows';
import { passItem, readString, workflowTimezone } from './shared/node-helpers';

/** n8n's IF: items whose conditions hold go to output 0 ("true"), the others to output 1. */

function routeV1(ctx: NodeContext): Item[][] {
  const trueItems: Item[] = [];
  const falseItems: Item[] = [];
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    const requireAll = readString(ctx, 'combineOperation', itemIndex, 'all') === 'all';
    const passed = evaluateLegacyRows(ctx, itemIndex, requireAll);
    (passed ? trueItems : falseItems).push(passItem(item, itemIndex));
  });
  return [trueItems, falseItems];
}

function routeV2(ctx: NodeContext): Item[][] {
  const timezone = workflowTimezone(ctx);
  const trueItems: Item[] = [];
  const falseItems: Item[] = [];
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    let passed: boolean;
    try {
      passed = filterPasses(ctx, 'conditions', itemIndex, timezone);
    } catch (error) {
      // A failing item goes to "false" when the node continues on fail, as in n8n.
      if (!ctx.continueOnFail()) throw error;
      passed = false;
    }
    (passed ? trueItems : falseItems).push(passItem(item, itemIndex));
  });
  return [trueItems, falseItems];
}

export const ifNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.if',
  aliases: ['if'],
  displayName: 'If',
  versions: [1, 2, 2.1, 2.2, 2.3],
  outputs: () => 2,
  execute: async (ctx) => ctx.node.typeVersion < 2 ? routeV1(ctx) : routeV2(ctx),
};
