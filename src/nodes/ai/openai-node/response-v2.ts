import type { NodeContext } from '../../../contracts/node-type';
import type { Item } from '../../../contracts/run-data';
import { NodeOperationError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import { assertPrompt, messageRows, modelIdOf, nonEmptyText, notAnOpenAiReply } from './common';
import { responsesRequest } from './responses-request';
import { connectedTools, invokeTool, responsesTool } from './tools';
import { openAiApiRequest } from './transport';

/** Output items that make the loop go on: function calls, and the reasoning that led to them. */
const isToolRelated = (item: JsonValue): item is JsonObject => isJsonObject(item) && (item.type === 'function_call' || item.type === 'reasoning');

/** JSON output formats: each output text is parsed, in order, until one is not JSON (as n8n). */
function parseJsonTexts(output: JsonValue[]): void {
  for (const item of output) {
    if (!isJsonObject(item) || item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (!isJsonObject(part) || part.type !== 'output_text') continue;
      try {
        part.text = JSON.parse(String(part.text)) as JsonValue;
      } catch {
        return;
      }
    }
  }
}

/**
 * "Message a Model" of the OpenAI node 2 to 2.3 (the Responses API): the request n8n builds,
 * connected tools called in a loop (function calls and their outputs appended to the input,
 * up to Max Tool Calls Iterations), JSON formats parsed, then `{output: messages}` (Simplify
 * Output) or the whole reply.
 */
export async function messageModelV2(ctx: NodeContext, itemIndex: number): Promise<Item[]> {
  const model = modelIdOf(ctx, itemIndex);
  const rows = messageRows(ctx, 'responses.values', itemIndex);
  assertPrompt(ctx, rows.some((row) => (row.type === 'text' || row.type === undefined) && nonEmptyText(row.content)), itemIndex);
  const options = ctx.getParam<JsonObject>('options', itemIndex, {});
  const maxToolsIterations = Number(options.maxToolsIterations ?? 15);
  const builtInTools = ctx.getParam<JsonObject>('builtInTools', itemIndex, {});
  const tools = await connectedTools(ctx, model, itemIndex);
  if (isJsonObject(options.backgroundMode) && isJsonObject(options.backgroundMode.values) && options.backgroundMode.values.enabled === true) {
    throw new NodeOperationError(ctx.node.name, 'Background mode is not supported by this service', {
      itemIndex,
      description: 'Turn the "Background Mode" option off: the node then waits for the answer.',
    });
  }
  const body = await responsesRequest(ctx, itemIndex, { model, rows, options, tools: tools.length > 0 ? tools.map(responsesTool) : undefined, builtInTools });
  const input = (Array.isArray(body.input) ? body.input : []) as JsonValue[];
  body.input = input;

  const call = async (): Promise<JsonValue> => {
    const reply = await openAiApiRequest(ctx, '/responses', body, itemIndex);
    if (isJsonObject(reply) && isJsonObject(reply.usage)) {
      ctx.addTokenUsage?.(Number(reply.usage.input_tokens ?? 0), Number(reply.usage.output_tokens ?? 0));
    }
    return reply;
  };
  const asResponse = (reply: JsonValue): JsonObject & { output: JsonValue[] } => {
    if (isJsonObject(reply) && Array.isArray(reply.output)) return reply as JsonObject & { output: JsonValue[] };
    throw notAnOpenAiReply(ctx, '/responses', reply, "Cannot read properties of undefined (reading 'filter')", itemIndex);
  };

  const first = await call();
  if (first === '' || first === null) return [];
  let response = asResponse(first);
  let toolItems = response.output.filter(isToolRelated);
  for (let iteration = 1; toolItems.some((item) => item.type === 'function_call'); iteration++) {
    if (ctx.signal.aborted || (maxToolsIterations > 0 && iteration > maxToolsIterations)) break;
    // With a conversation the API keeps the calls itself.
    if (!body.conversation) input.push(...toolItems);
    for (const item of toolItems) {
      if (item.type !== 'function_call') continue;
      const result = await invokeTool(tools, String(item.name ?? ''), typeof item.arguments === 'string' ? item.arguments : '{}', ctx.signal, String(item.call_id ?? ''));
      const outputItem: JsonObject = { type: 'function_call_output', call_id: item.call_id ?? null };
      if (result !== undefined) outputItem.output = result;
      input.push(outputItem);
    }
    response = asResponse(await call());
    toolItems = response.output.filter(isToolRelated);
  }
  const format = isJsonObject(body.text) && isJsonObject(body.text.format) ? body.text.format.type : undefined;
  if (format === 'json_object' || format === 'json_schema') parseJsonTexts(response.output);
  const simplify = ctx.getParam<boolean>('simplify', itemIndex, true) !== false;
  if (simplify) {
    return [{ json: { output: response.output.filter((item) => isJsonObject(item) && item.type === 'message') }, pairedItem: { item: itemIndex } }];
  }
  return [{ json: response, pairedItem: { item: itemIndex } }];
}
