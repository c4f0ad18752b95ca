import { NodeOperationError } from '../../../errors';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import type { JsonValue } from '../../../workflow/json';
import { aggregateNode } from '../aggregate';
import { limitNode } from '../limit';
import { removeDuplicateInputItems } from '../remove-duplicates/input-items';
import { sortNode } from '../sort';
import { splitOutNode } from '../split-out';
import { summarizeItems } from '../summarize';
import { withLineage } from '../utils/items';
import { readField } from '../utils/object-path';
import { asObject, booleanParam, listParam, stringParam } from '../utils/params';
import { delegatedContext, fieldNamesOf, type ParamOverride } from './delegate';
import { checkSplitFields } from './split-out-v2';

/**
 * n8n's Item Lists (v1, 2, 2.1, 2.2, 3, 3.1): list operations on all items at once. Each
 * operation runs the standalone node n8n derived from it; what older versions did
 * differently (stricter field checks, fixedCollection field lists) is applied here.
 */

type Operation = (ctx: NodeContext) => Promise<NodeResult>;

/** v1 and v2 took field lists as fixedCollections: read those for the standalone node. */
function legacyFields(ctx: NodeContext, ...parameters: string[]): Record<string, ParamOverride> {
  if (ctx.node.typeVersion >= 3) return {};
  return Object.fromEntries(parameters.map((parameter) => [parameter, fieldNamesOf(ctx, parameter)]));
}

/** Before v2.1 a field to aggregate that no item has fails the node, as n8n's check did. */
function checkAggregatedFieldsExist(ctx: NodeContext): void {
  if (ctx.node.typeVersion >= 2.1 || stringParam(ctx, 'aggregate', 0, 'aggregateIndividualFields') !== 'aggregateIndividualFields') return;
  const disableDotNotation = booleanParam(ctx, 'options.disableDotNotation', 0);
  const keepMissing = booleanParam(ctx, 'options.keepMissing', 0);
  const items = ctx.getInputItems();
  for (const entry of listParam(ctx, 'fieldsToAggregate.fieldToAggregate', 0)) {
    const field = String(asObject(entry).fieldToAggregate ?? '');
    if (items.length > 0 && field === '') {
      throw new NodeOperationError(ctx.node.name, 'Field to aggregate is blank', { description: 'Please add a field to aggregate' });
    }
    const found = items.some((item) =>
      disableDotNotation ? Object.prototype.hasOwnProperty.call(item.json, field) : readField(item.json, field, false) !== undefined,
    );
    if (found) continue;
    if (disableDotNotation && field.includes('.')) {
      throw new NodeOperationError(ctx.node.name, `Couldn't find the field '${field}' in the input data`, {
        description: "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options",
      });
    }
    if (!keepMissing) throw new NodeOperationError(ctx.node.name, `Couldn't find the field '${field}' in the input data`);
  }
}

const concatenate: Operation = async (ctx) => {
  checkAggregatedFieldsExist(ctx);
  return aggregateNode.execute(delegatedContext(ctx, 1, legacyFields(ctx, 'fieldsToExclude', 'fieldsToInclude')));
};

const removeDuplicates: Operation = async (ctx) => {
  const items = withLineage(ctx.getInputItems());
  if (items.length === 0) return [[]];
  const delegated = delegatedContext(ctx, 1, legacyFields(ctx, 'fieldsToExclude', 'fieldsToCompare'));
  return [removeDuplicateInputItems(delegated, items, ctx.node.typeVersion >= 3.1)];
};

const splitOut: Operation = async (ctx) => {
  if (ctx.node.typeVersion < 2.2) checkSplitFields(ctx);
  return splitOutNode.execute(delegatedContext(ctx, 1, legacyFields(ctx, 'fieldsToInclude')));
};

/** From v2.1 on, a field to summarize that no item has is no error (Summarize v1 option). */
const summarize: Operation = async (ctx) => {
  const continueIfMissing: ParamOverride = (itemIndex) => {
    const options = asObject(ctx.getParam<JsonValue | undefined>('options', itemIndex, {}));
    return { ...options, continueIfFieldNotFound: ctx.node.typeVersion >= 2.1 };
  };
  return summarizeItems(delegatedContext(ctx, 1, { options: continueIfMissing }), ctx.node.typeVersion < 2);
};

const OPERATIONS: Record<string, Operation> = {
  aggregateItems: concatenate,
  concatenateItems: concatenate,
  limit: (ctx) => limitNode.execute(delegatedContext(ctx, 1)),
  removeDuplicates,
  sort: (ctx) => sortNode.execute(delegatedContext(ctx, 1)),
  splitOutItems: splitOut,
  summarize,
};

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const operationName = stringParam(ctx, 'operation', 0, 'splitOutItems');
  // v3 names "Concatenate Items" what v1/v2 call "Aggregate Items".
  const known = ctx.node.typeVersion >= 3 ? operationName !== 'aggregateItems' : operationName !== 'concatenateItems';
  const operation = known ? OPERATIONS[operationName] : undefined;
  if (!operation) throw new NodeOperationError(ctx.node.name, `The operation "${operationName}" is not supported!`);
  return operation(ctx);
}

export const itemListsNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.itemLists',
  aliases: ['itemLists'],
  displayName: 'Item Lists',
  versions: [1, 2, 2.1, 2.2, 3, 3.1],
  execute,
};
