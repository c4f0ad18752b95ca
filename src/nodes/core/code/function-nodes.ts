import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { errorItem } from '../shared/node-helpers';
import { mayContinueAfter, runUserCode } from './run-code';

/**
 * n8n's deprecated Function (`functionCode` returning items) and Function Item
 * (`functionCode` per item, `item` being that item's json) nodes, run in the Code
 * sandbox. Messages are theirs.
 */

function fail(ctx: NodeContext, message: string): never {
  throw new NodeOperationError(ctx.node.name, message);
}

/** n8n's normalizeItems as the Function node applies it, then its own checks. */
function functionItems(ctx: NodeContext, returned: JsonValue | undefined): Item[] {
  if (returned === undefined || returned === null) fail(ctx, 'No data got returned. Always return an Array of items!');
  let entries: JsonValue = returned;
  if (isJsonObjectValue(returned)) entries = returned.json ? [returned] : [{ json: returned }];
  if (!Array.isArray(entries)) fail(ctx, 'Always an Array of items has to be returned!');
  if (entries.every((entry) => !isJsonObjectValue(entry) || !('json' in entry))) {
    entries = entries.map((entry) => ({ json: entry }));
  }
  return entries.map((entry) => {
    const fields: JsonObject = isJsonObjectValue(entry) ? entry : {};
    if (fields.json === undefined) fail(ctx, 'All returned items have to contain a property named "json"!');
    if (typeof fields.json !== 'object' || fields.json === null) fail(ctx, 'The json-property has to be an object!');
    const item: Item = { json: fields.json as JsonObject };
    if (fields.binary !== undefined) {
      if (!isJsonObjectValue(fields.binary)) fail(ctx, 'The binary-property has to be an object!');
      item.binary = fields.binary as unknown as Item['binary'];
    }
    return item;
  });
}

async function runFunction(ctx: NodeContext): Promise<Item[]> {
  const code = String(ctx.getRawParam('functionCode') ?? '');
  try {
    const result = await runUserCode(ctx, { code, mode: 'runOnceForAllItems', continueOnFail: ctx.continueOnFail() });
    return functionItems(ctx, result.mode === 'runOnceForAllItems' ? result.returned : undefined);
  } catch (error) {
    if (!mayContinueAfter(ctx, error)) throw error;
    return [errorItem(error)];
  }
}

function isSandboxErrorItem(value: JsonValue | undefined): value is JsonObject {
  if (!isJsonObjectValue(value) || Object.keys(value).length !== 1 || !isJsonObjectValue(value.json)) return false;
  const keys = Object.keys(value.json);
  return keys.length === 1 && keys[0] === 'error' && typeof value.json.error === 'string';
}

async function runFunctionItem(ctx: NodeContext): Promise<Item[]> {
  const body = String(ctx.getRawParam('functionCode') ?? '');
  // `item` is the item's json in Function Item; the wrapper gives the code that binding.
  const code = `return await (async (item) => {\n${body}\n})($json);`;
  const inputs = ctx.getInputItems(0);
  let returned: Array<JsonValue | undefined>;
  try {
    const result = await runUserCode(ctx, { code, mode: 'runOnceForEachItem', continueOnFail: ctx.continueOnFail() });
    returned = result.mode === 'runOnceForEachItem' ? result.returned : [];
  } catch (error) {
    if (!mayContinueAfter(ctx, error)) throw error;
    return [errorItem(error, 0)];
  }
  return inputs.map((input, itemIndex) => {
    const json = returned[itemIndex];
    // With continue-on-fail the sandbox reports a throw as the item `{json: {error}}`.
    if (isSandboxErrorItem(json)) return { json: json.json as JsonObject, pairedItem: { item: itemIndex } };
    if (!isJsonObjectValue(json)) {
      const error = new NodeOperationError(ctx.node.name, 'No data got returned. Always an object has to be returned!', { itemIndex });
      if (!ctx.continueOnFail()) throw error;
      return errorItem(error, itemIndex);
    }
    const item: Item = { json, pairedItem: { item: itemIndex } };
    if (input.binary) item.binary = input.binary;
    return item;
  });
}

export const functionNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.function',
  aliases: ['function'],
  displayName: 'Function',
  versions: [1],
  execute: async (ctx) => [await runFunction(ctx)],
};

export const functionItemNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.functionItem',
  aliases: ['functionItem'],
  displayName: 'Function Item',
  versions: [1],
  execute: async (ctx) => [await runFunctionItem(ctx)],
};
