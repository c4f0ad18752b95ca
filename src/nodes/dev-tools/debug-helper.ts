import { NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { errorItem, readBoolean, readNumber, readString, toNodeError } from '../core/shared/node-helpers';
import { NodeApiError } from '../http/node-api-error';
import { generateGarbage } from './memory-garbage';
import { randomRecords } from './random-data';

/**
 * Debug Helper (n8n-nodes-base.debugHelper v1): do nothing, throw a chosen error, use memory,
 * or generate fake records. "Do Nothing" outputs no items, as in n8n.
 */

function throwChosenError(ctx: NodeContext, itemIndex: number): never {
  const type = readString(ctx, 'throwErrorType', 0, 'NodeApiError');
  const message = readString(ctx, 'throwErrorMessage', 0, 'Node has thrown an error');
  if (type === 'NodeApiError') throw new NodeApiError(ctx.node.name, message, { httpCode: null, itemIndex });
  if (type === 'NodeOperationError') throw new NodeOperationError(ctx.node.name, message, { itemIndex });
  throw new Error(message);
}

function randomItems(ctx: NodeContext, itemIndex: number): Item[] {
  const records = randomRecords({
    type: readString(ctx, 'randomDataType', 0, 'user'),
    count: readNumber(ctx, 'randomDataCount', 0, 10),
    seed: readString(ctx, 'randomDataSeed', 0, ''),
    nanoidAlphabet: readString(ctx, 'nanoidAlphabet', 0, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    nanoidLength: readString(ctx, 'nanoidLength', 0, '16'),
  });
  if (readBoolean(ctx, 'randomDataSingleArray', 0, false)) {
    return [{ json: { generatedItems: records }, pairedItem: { item: itemIndex } }];
  }
  return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

function runItem(ctx: NodeContext, category: string, item: Item, itemIndex: number): Item[] {
  switch (category) {
    case 'throwError':
      return throwChosenError(ctx, itemIndex);
    case 'oom':
      // n8n hands the input item itself on, its json replaced by the memory figures.
      return [{ ...item, json: generateGarbage(ctx.node.name, readNumber(ctx, 'memorySizeValue', 0, 10), itemIndex) }];
    case 'randomData':
      return randomItems(ctx, itemIndex);
    default:
      return [];
  }
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const category = readString(ctx, 'category', 0, 'throwError');
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      output.push(...runItem(ctx, category, item, itemIndex));
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      output.push(errorItem(error, itemIndex));
    }
  }
  return [output];
}

export const debugHelperNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.debugHelper',
  aliases: ['debugHelper'],
  displayName: 'DebugHelper',
  versions: [1],
  execute,
};
