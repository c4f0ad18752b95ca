import { NodeOperationError, errorMessage } from '../../errors';
import type { Item } from '../../engine/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import { triggerItems } from '../core/triggers/trigger-input';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../types';

/** n8n's default "JSON example" of v1.1: only its keys matter here. */
const DEFAULT_JSON_EXAMPLE_FIELDS = ['aField', 'aNumber', 'thisFieldAcceptsAnyType', 'anArray'];

/**
 * n8n's Execute Workflow Trigger (v1, v1.1): where a sub-workflow starts, fed the caller's
 * items. v1 and "Accept all data" pass them on; "Define using fields below" and "Define using
 * JSON example" keep only the declared fields (null where the caller sent none).
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = triggerItems(ctx);
  const inputSource = ctx.node.typeVersion === 1 ? 'passthrough' : ctx.getParam<JsonValue>('inputSource', 0, 'workflowInputs');
  if (inputSource === 'passthrough') return [items];
  const fields = declaredFields(ctx, inputSource);
  return [items.map((item) => keepFields(item, fields))];
}

function declaredFields(ctx: NodeContext, inputSource: JsonValue): string[] {
  if (inputSource === 'workflowInputs') {
    const values = ctx.getParam<JsonValue>('workflowInputs.values', 0, []);
    return (Array.isArray(values) ? values : []).flatMap((field) =>
      isJsonObject(field) && typeof field.name === 'string' && field.name !== '' ? [field.name] : [],
    );
  }
  if (inputSource === 'jsonExample') return jsonExampleFields(ctx);
  throw new NodeOperationError(ctx.node.name, `Unknown input data mode "${String(inputSource)}": use workflowInputs, jsonExample or passthrough`);
}

function jsonExampleFields(ctx: NodeContext): string[] {
  const example = ctx.getParam<JsonValue | undefined>('jsonExample', 0, undefined);
  if (example === undefined) return DEFAULT_JSON_EXAMPLE_FIELDS;
  let parsed: unknown = example;
  if (typeof example === 'string') {
    try {
      parsed = JSON.parse(example);
    } catch (error) {
      throw new NodeOperationError(ctx.node.name, `The parameter "jsonExample" is not valid JSON: ${errorMessage(error)}`);
    }
  }
  if (!isJsonObject(parsed)) {
    throw new NodeOperationError(ctx.node.name, 'The parameter "jsonExample" must be a JSON object whose keys name the inputs');
  }
  return Object.keys(parsed);
}

function keepFields(item: Item, fields: string[]): Item {
  const json: JsonObject = {};
  for (const field of fields) json[field] = Object.prototype.hasOwnProperty.call(item.json, field) ? item.json[field] : null;
  const out: Item = { json };
  if (item.binary !== undefined) out.binary = item.binary;
  return out;
}

export const executeWorkflowTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.executeWorkflowTrigger',
  aliases: ['executeWorkflowTrigger'],
  displayName: 'Execute Workflow Trigger',
  versions: [1, 1.1],
  isTrigger: true,
  inputs: () => 0,
  execute,
};
