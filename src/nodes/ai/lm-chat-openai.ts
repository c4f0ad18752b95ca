import type { NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import type { ChatModel, ChatRequest, JsonOutputRequest } from '../../contracts/ai';
import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import { callChatCompletions, chatCompletionBody, type SamplingOptions } from './openai/chat-completions';
import { connectionFrom, createOpenAiClient, withRetries } from './openai/client';
import { toAiModelError } from './openai/errors';
import { callResponses, responsesBody, type ResponsesOptions } from './openai/responses-api';
import { recordedChatModel } from './model-recording';
import { rejectAsMainNode } from './sub-node';

export const LM_CHAT_OPENAI_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

const numberOption = (options: JsonObject, key: string): number | undefined => (typeof options[key] === 'number' ? (options[key] as number) : undefined);

/** v1.2+ keep the model in a resource locator (`{__rl, mode, value}`); older versions a string. */
export function modelNameOf(ctx: SupplyContext, itemIndex: number): string {
  const raw = ctx.node.typeVersion >= 1.2 ? ctx.getParam<JsonValue>('model', itemIndex, { value: 'gpt-5-mini' }) : ctx.getParam<JsonValue>('model', itemIndex, 'gpt-5-mini');
  const value = isJsonObject(raw) ? raw.value : raw;
  if (typeof value !== 'string' || value === '') throw new NodeOperationError(ctx.node.name, 'No model selected', { itemIndex });
  return value;
}

function parseExtraBody(ctx: SupplyContext, options: JsonObject, itemIndex: number): JsonObject | undefined {
  const raw = options.extraBody;
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new NodeOperationError(ctx.node.name, 'The value in the "Extra Body" field is not valid JSON', { itemIndex, description: (error as Error).message });
    }
  }
  if (!isJsonObject(parsed as JsonValue)) throw new NodeOperationError(ctx.node.name, 'The value in the "Extra Body" field must be a JSON object', { itemIndex });
  return parsed as JsonObject;
}

/** v1.3's Response Format (`textFormat`) as a JSON-output request; text: none. */
function textFormatOf(ctx: SupplyContext, options: JsonObject, itemIndex: number): JsonOutputRequest | undefined {
  const textOptions = isJsonObject(options.textFormat) ? options.textFormat.textOptions : undefined;
  const first = Array.isArray(textOptions) ? textOptions[0] : isJsonObject(textOptions) ? textOptions : undefined;
  if (!isJsonObject(first)) return undefined;
  if (first.type === 'json_object') return { type: 'json_object' };
  if (first.type !== 'json_schema') return undefined;
  let schema: unknown = first.schema;
  if (typeof schema === 'string') {
    try {
      schema = JSON.parse(schema);
    } catch {
      throw new NodeOperationError(ctx.node.name, 'Failed to parse schema', { itemIndex });
    }
  }
  const strict = typeof first.strict === 'boolean' ? first.strict : undefined;
  return { type: 'json_schema', name: typeof first.name === 'string' ? first.name : 'my_schema', schema: (schema ?? {}) as JsonObject, strict };
}

/**
 * The OpenAI Chat Model sub-node (every version n8n 2.x writes: 1, 1.1, 1.2, 1.3). v1.3 uses the
 * Responses API unless `responsesApiEnabled` is false, as n8n; older versions chat completions.
 */
async function supplyChatModel(ctx: SupplyContext, itemIndex: number): Promise<ChatModel> {
  const credentials = await ctx.getCredentials('openAiApi', itemIndex);
  const modelName = modelNameOf(ctx, itemIndex);
  const version = ctx.node.typeVersion;
  const options = ctx.getParam<JsonObject>('options', itemIndex, {});
  const responsesApi = version >= 1.3 && ctx.getParam<boolean>('responsesApiEnabled', itemIndex, true) !== false;
  const connection = connectionFrom(credentials, {
    baseURL: typeof options.baseURL === 'string' ? options.baseURL : undefined,
    timeoutMs: numberOption(options, 'timeout'),
    maxRetries: numberOption(options, 'maxRetries'),
  });
  const client = createOpenAiClient(connection);
  const sampling: SamplingOptions = {
    temperature: numberOption(options, 'temperature'),
    topP: numberOption(options, 'topP'),
    frequencyPenalty: numberOption(options, 'frequencyPenalty'),
    presencePenalty: numberOption(options, 'presencePenalty'),
    maxTokens: numberOption(options, 'maxTokens'),
    extraBody: parseExtraBody(ctx, options, itemIndex),
  };
  const endpoint = `${connection.baseURL}/${responsesApi ? 'responses' : 'chat/completions'}`;
  const traceOptions: JsonObject = { model: modelName, ...stripUndefined(sampling), max_retries: connection.maxRetries, configuration: { baseURL: connection.baseURL } };
  let call: (request: ChatRequest, signal: AbortSignal) => Promise<ChatModelResult>;
  if (responsesApi) {
    const extra: ResponsesOptions = { ...sampling, textFormat: textFormatOf(ctx, options, itemIndex), responsesOptions: options };
    call = (request, signal) => callResponses(client, responsesBody(modelName, request, extra), signal);
  } else {
    if (typeof options.reasoningEffort === 'string' && ['low', 'medium', 'high'].includes(options.reasoningEffort)) sampling.reasoningEffort = options.reasoningEffort;
    const responseFormat = options.responseFormat === 'json_object' ? ({ type: 'json_object' } as const) : undefined;
    call = (request, signal) => callChatCompletions(client, chatCompletionBody(modelName, { ...request, jsonOutput: request.jsonOutput ?? responseFormat }, sampling), signal);
  }
  const jsonMode = !responsesApi && options.responseFormat === 'json_object';
  return recordedChatModel(ctx, modelName, traceOptions, jsonMode, async (request) => {
    try {
      return await withRetries((signal) => call(request, signal), { maxRetries: connection.maxRetries, timeoutMs: connection.timeoutMs, signal: request.signal ?? ctx.signal });
    } catch (error) {
      throw toAiModelError(ctx.node, error, endpoint);
    }
  });
}

type ChatModelResult = Awaited<ReturnType<ChatModel['invoke']>>;

function stripUndefined(value: SamplingOptions): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as JsonObject;
}

export const lmChatOpenAiNode: NodeTypeDefinition = {
  type: LM_CHAT_OPENAI_TYPE,
  aliases: ['lmChatOpenAi'],
  displayName: 'OpenAI Chat Model',
  versions: [1, 1.1, 1.2, 1.3],
  execute: rejectAsMainNode,
  supplyData: supplyChatModel,
};
