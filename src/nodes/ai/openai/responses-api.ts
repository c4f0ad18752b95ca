import type OpenAI from 'openai';
import type { Response, ResponseCreateParamsNonStreaming, ResponseInputItem } from 'openai/resources/responses/responses';
import type { ChatMessage, ChatRequest, ChatResult, JsonOutputRequest, ToolCall } from '../../../contracts/ai';
import type { JsonObject } from '../../../workflow/json';
import { tokenUsageOf, type SamplingOptions } from './chat-completions';

export interface ResponsesOptions extends SamplingOptions {
  /** v1.3's Response Format option. */
  textFormat?: JsonOutputRequest;
  /** The node's options collection (prompt cache key, service tier, metadata...). */
  responsesOptions?: JsonObject;
}

function toInput(message: ChatMessage): ResponseInputItem[] {
  if (message.role === 'tool') return [{ type: 'function_call_output', call_id: message.toolCallId ?? '', output: message.content }];
  if (message.role === 'assistant') {
    const items: ResponseInputItem[] = [];
    if (message.content !== '') items.push({ type: 'message', role: 'assistant', content: message.content });
    for (const call of message.toolCalls ?? []) items.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
    return items;
  }
  return [{ type: 'message', role: message.role, content: message.content }];
}

/** LangChain always sends `text` (empty without a format). */
function textConfig(format: JsonOutputRequest | undefined): JsonObject {
  if (!format) return {};
  if (format.type === 'json_object') return { format: { type: 'json_object' } };
  return { format: { type: 'json_schema', name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
}

/** The Responses API body LangChain's ChatOpenAI (useResponsesApi) sends for this request. */
export function responsesBody(model: string, request: ChatRequest, options: ResponsesOptions): ResponseCreateParamsNonStreaming {
  const body: Record<string, unknown> = { model };
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.maxTokens !== undefined && options.maxTokens !== -1) body.max_output_tokens = options.maxTokens;
  const extra = options.responsesOptions ?? {};
  if (typeof extra.promptCacheKey === 'string' && extra.promptCacheKey !== '') body.prompt_cache_key = extra.promptCacheKey;
  if (typeof extra.safetyIdentifier === 'string' && extra.safetyIdentifier !== '') body.safety_identifier = extra.safetyIdentifier;
  if (typeof extra.serviceTier === 'string') body.service_tier = extra.serviceTier;
  if (typeof extra.topLogprobs === 'number') body.top_logprobs = extra.topLogprobs;
  if (typeof extra.conversationId === 'string' && extra.conversationId !== '') body.conversation = extra.conversationId;
  body.text = textConfig(request.jsonOutput ?? options.textFormat);
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters }));
  }
  if (request.toolChoice) body.tool_choice = request.toolChoice;
  body.input = request.messages.flatMap(toInput);
  body.stream = false;
  Object.assign(body, options.extraBody ?? {});
  return body as unknown as ResponseCreateParamsNonStreaming;
}

/** Reads a Responses API reply: the output text and the function calls. */
export function responsesResultOf(response: Response): ChatResult {
  if (!Array.isArray(response.output)) throw new SyntaxError('the reply has no output list');
  let content = '';
  const toolCalls: ToolCall[] = [];
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) if (part.type === 'output_text') content += part.text;
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id, name: item.name, arguments: item.arguments });
    }
  }
  const result: ChatResult = {
    message: { role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) },
    // n8n records no generationInfo for Responses API calls: no finish reason either.
    model: response.model,
  };
  if (response.usage) {
    result.usage = tokenUsageOf(response.usage.input_tokens, response.usage.output_tokens, response.usage.total_tokens);
  }
  return result;
}

export async function callResponses(client: OpenAI, body: ResponseCreateParamsNonStreaming, signal?: AbortSignal): Promise<ChatResult> {
  const response = await client.responses.create(body, { signal });
  if (response === null || typeof response !== 'object') throw new SyntaxError('the reply is not a JSON object');
  return responsesResultOf(response);
}
