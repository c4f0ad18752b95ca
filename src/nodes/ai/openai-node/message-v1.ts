import type { NodeContext } from '../../../contracts/node-type';
import type { Item } from '../../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import { assertPrompt, messageRows, modelIdOf, nonEmptyText, notAnOpenAiReply } from './common';
import { chatCompletionTool, connectedTools, invokeTool } from './tools';
import { openAiApiRequest } from './transport';

const JSON_SYSTEM_MESSAGE = 'You are a helpful assistant designed to output JSON.';

/** The node's options as chat-completions fields (n8n renames two; the rest go as they are). */
function bodyOptions(options: JsonObject): JsonObject {
  const fields: JsonObject = { ...options };
  if (fields.maxTokens !== undefined) {
    fields.max_completion_tokens = fields.maxTokens;
    delete fields.maxTokens;
  }
  if (fields.topP !== undefined) {
    fields.top_p = fields.topP;
    delete fields.topP;
  }
  delete fields.maxToolsIterations;
  return fields;
}

function firstMessage(response: JsonObject): JsonObject | undefined {
  const choices = response.choices;
  const first = Array.isArray(choices) ? choices[0] : undefined;
  return isJsonObject(first) && isJsonObject(first.message) ? first.message : undefined;
}

function toolCallsOf(response: JsonObject): JsonObject[] {
  const calls = firstMessage(response)?.tool_calls;
  return Array.isArray(calls) ? calls.filter(isJsonObject) : [];
}

/**
 * "Message a Model" of the OpenAI node 1 to 1.8 (chat completions): the Messages rows (a
 * system message first when JSON output is on), the connected tools called in a loop (up to
 * Max Tool Calls Iterations from 1.5), then each choice as an item (Simplify Output) or the
 * whole reply.
 */
export async function messageModelV1(ctx: NodeContext, itemIndex: number): Promise<Item[]> {
  const version = ctx.node.typeVersion;
  const model = modelIdOf(ctx, itemIndex);
  const rows = messageRows(ctx, 'messages.values', itemIndex);
  assertPrompt(ctx, rows.some((row) => nonEmptyText(row.content)), itemIndex);
  let messages: JsonValue[] = rows.map((row) => ({ content: row.content ?? '', role: row.role ?? 'user' }));
  const options = ctx.getParam<JsonObject>('options', itemIndex, {});
  const jsonOutput = ctx.getParam<boolean>('jsonOutput', itemIndex, false) === true;
  const maxToolsIterations = version >= 1.5 ? Number(options.maxToolsIterations ?? 15) : 0;
  if (jsonOutput) messages = [{ role: 'system', content: JSON_SYSTEM_MESSAGE }, ...messages];
  const tools = await connectedTools(ctx, model, itemIndex);
  const body: JsonObject = { model, messages };
  if (tools.length > 0) body.tools = tools.map(chatCompletionTool);
  if (jsonOutput) body.response_format = { type: 'json_object' };
  Object.assign(body, bodyOptions(options));

  const call = async (): Promise<JsonValue> => {
    const reply = await openAiApiRequest(ctx, '/chat/completions', body, itemIndex);
    if (isJsonObject(reply) && isJsonObject(reply.usage)) {
      ctx.addTokenUsage?.(Number(reply.usage.prompt_tokens ?? 0), Number(reply.usage.completion_tokens ?? 0));
    }
    return reply;
  };
  const asCompletion = (reply: JsonValue): JsonObject => {
    if (isJsonObject(reply) && Array.isArray(reply.choices)) return reply;
    throw notAnOpenAiReply(ctx, '/chat/completions', reply, "Cannot read properties of undefined (reading '0')", itemIndex);
  };

  const first = await call();
  // n8n returns nothing for an empty body.
  if (first === '' || first === null) return [];
  let response = asCompletion(first);
  let toolCalls = toolCallsOf(response);
  for (let iteration = 1; toolCalls.length > 0; iteration++) {
    if (ctx.signal.aborted || (maxToolsIterations > 0 && iteration >= maxToolsIterations)) break;
    messages.push(firstMessage(response) ?? {});
    for (const toolCall of toolCalls) {
      const fn = isJsonObject(toolCall.function) ? toolCall.function : {};
      const result = await invokeTool(tools, String(fn.name ?? ''), typeof fn.arguments === 'string' ? fn.arguments : '{}', ctx.signal, String(toolCall.id ?? ''));
      const toolMessage: JsonObject = { tool_call_id: toolCall.id ?? null, role: 'tool' };
      if (result !== undefined) toolMessage.content = result;
      messages.push(toolMessage);
    }
    response = asCompletion(await call());
    toolCalls = toolCallsOf(response);
  }
  const choices = (response.choices as JsonValue[]).filter(isJsonObject);
  if (jsonOutput) {
    for (const choice of choices) {
      if (!isJsonObject(choice.message) || typeof choice.message.content !== 'string') continue;
      try {
        choice.message.content = JSON.parse(choice.message.content) as JsonValue;
      } catch {
        // n8n keeps text that is not JSON as it is.
      }
    }
  }
  const simplify = ctx.getParam<boolean>('simplify', itemIndex, true) !== false;
  if (simplify) return choices.map((choice) => ({ json: choice, pairedItem: { item: itemIndex } }));
  return [{ json: response, pairedItem: { item: itemIndex } }];
}
