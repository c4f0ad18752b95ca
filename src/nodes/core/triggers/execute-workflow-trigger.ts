import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { readString } from '../shared/node-helpers';
import { triggerItems } from './trigger-input';

/**
 * n8n's Execute Workflow Trigger ("When Executed by Another Workflow"): the caller's items
 * start the sub-workflow. v1 passes them through; from v1.1 the input can be narrowed to
 * declared fields (`workflowInputs`) or to the keys of a JSON example, missing ones null.
 */

function declaredFields(ctx: NodeContext, inputSource: string): string[] {
  if (inputSource === 'workflowInputs') {
    const values = ctx.getParam<JsonValue | undefined>('workflowInputs.values', 0, []);
    return (Array.isArray(values) ? values : [])
      .filter(isJsonObjectValue)
      .map((field) => String(field.name ?? ''))
      .filter((name) => name !== '');
  }
  const example = ctx.getParam<JsonValue | undefined>('jsonExample', 0, '');
  let parsed: unknown = example;
  if (typeof example === 'string') {
    try {
      parsed = JSON.parse(example);
    } catch (error) {
      throw new NodeOperationError(ctx.node.name, (error as Error).message);
    }
  }
  if (!isJsonObjectValue(parsed)) {
    throw new NodeOperationError(ctx.node.name, 'Invalid JSON schema type. Only object type is supported, but got ' + (Array.isArray(parsed) ? 'array' : typeof parsed));
  }
  return Object.keys(parsed);
}

function narrow(items: Item[], fields: string[]): Item[] {
  return items.map((item) => {
    const json: JsonObject = {};
    for (const field of fields) json[field] = field in item.json ? item.json[field] : null;
    const narrowed: Item = { json };
    if (item.binary !== undefined) narrowed.binary = item.binary;
    return narrowed;
  });
}

function run(ctx: NodeContext): Item[] {
  const items = triggerItems(ctx);
  const defaultSource = ctx.node.typeVersion >= 1.1 ? 'workflowInputs' : 'passthrough';
  const inputSource = readString(ctx, 'inputSource', 0, defaultSource);
  if (inputSource === 'passthrough') return items;
  if (inputSource !== 'workflowInputs' && inputSource !== 'jsonExample') {
    throw new NodeOperationError(ctx.node.name, 'Internal Error: Invalid input source');
  }
  return narrow(items, declaredFields(ctx, inputSource));
}

export const executeWorkflowTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.executeWorkflowTrigger',
  aliases: ['executeWorkflowTrigger'],
  displayName: 'Execute Workflow Trigger',
  versions: [1, 1.1, 1.2],
  isTrigger: true,
  inputs: () => 0,
  execute: async (ctx) => [run(ctx)],
};
