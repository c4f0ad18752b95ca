import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatRequest, ChatResult, ToolCall } from '../../../contracts/ai';
import type { JsonObject } from '../../../workflow/json';

/** Sampling options as n8n sends them (only those set). */
export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** -1 or absent: not sent. */
  maxTokens?: number;
  reasoningEffort?: string;
  /** Merged into the body last (n8n's Extra Body / modelKwargs). */
  extraBody?: JsonObject;
}

function toMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      // A tool result replayed from the agent's memory carries the tool's name, as n8n sends it.
      return message.name === undefined
        ? { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' }
        : ({ role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '', name: message.name } as ChatCompletionMessageParam);
    case 'assistant':
      if (message.toolCalls && message.toolCalls.length > 0) {
        return {
          role: 'assistant',
          // LangChain sends a tool-calling turn without text as an empty content list.
          content: message.content === '' ? [] : message.content,
          tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        };
      }
      return { role: 'assistant', content: message.content };
  }
}

/** The chat-completions body LangChain's ChatOpenAI sends for this request (only options that are set). */
export function chatCompletionBody(model: string, request: ChatRequest, sampling: SamplingOptions): ChatCompletionCreateParamsNonStreaming {
  const body: Record<string, unknown> = { model };
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature;
  if (sampling.topP !== undefined) body.top_p = sampling.topP;
  if (sampling.frequencyPenalty !== undefined) body.frequency_penalty = sampling.frequencyPenalty;
  if (sampling.presencePenalty !== undefined) body.presence_penalty = sampling.presencePenalty;
  if (sampling.maxTokens !== undefined && sampling.maxTokens !== -1) body.max_tokens = sampling.maxTokens;
  body.stream = false;
  if (request.tools && request.tools.length > 0) {
    // n8n's chat model turns strict tool calling off, and LangChain says so on every tool.
    body.tools = request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: false } }));
  }
  if (request.toolChoice) body.tool_choice = request.toolChoice;
  body.messages = request.messages.map(toMessage);
  if (request.jsonOutput?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (request.jsonOutput?.type === 'json_schema') {
    const { name, schema, strict } = request.jsonOutput;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, ...(strict !== undefined ? { strict } : {}) } };
  }
  if (sampling.reasoningEffort) body.reasoning_effort = sampling.reasoningEffort;
  Object.assign(body, sampling.extraBody ?? {});
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

/** Reads a chat completion; a reply without choices is the endpoint's fault, said so. */
/** Token counts as the contract holds them, whichever API reported them; a missing total is the sum. */
export function tokenUsageOf(prompt: number | null | undefined, completion: number | null | undefined, total: number | null | undefined): NonNullable<ChatResult['usage']> {
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? 0;
  return { promptTokens, completionTokens, totalTokens: total ?? promptTokens + completionTokens };
}

export function chatResultOf(completion: ChatCompletion): ChatResult {
  const choice = completion.choices?.[0];
  if (!choice?.message) throw new SyntaxError('the reply has no choices[0].message');
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? [])
    .filter((call) => call.type === 'function')
    .map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
  const result: ChatResult = {
    message: { role: 'assistant', content: choice.message.content ?? '', ...(toolCalls.length > 0 ? { toolCalls } : {}) },
    finishReason: choice.finish_reason ?? undefined,
    model: completion.model,
  };
  if (completion.usage) {
    result.usage = tokenUsageOf(completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens);
  }
  return result;
}

export async function callChatCompletions(client: OpenAI, body: ChatCompletionCreateParamsNonStreaming, signal?: AbortSignal): Promise<ChatResult> {
  const completion = await client.chat.completions.create(body, { signal });
  if (completion === null || typeof completion !== 'object') throw new SyntaxError('the reply is not a JSON object');
  return chatResultOf(completion);
}
