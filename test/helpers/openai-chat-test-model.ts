import type { ChatMessage, ChatModel, ToolCall } from '../../src/contracts/ai';
import type { NodeTypeDefinition } from '../../src/contracts/node-type';
import type { JsonObject, JsonValue } from '../../src/workflow/json';

const MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

/** n8n's (LangChain's) chat-completions wire form of one message. */
function wireMessage(message: ChatMessage): JsonObject {
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content === '' ? [] : message.content,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  if (message.role === 'tool') {
    const wire: JsonObject = { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
    if (message.name !== undefined) wire.name = message.name;
    return wire;
  }
  return { role: message.role, content: message.content };
}

/**
 * A stand-in for the OpenAI Chat Model node in tests until the real one is registered: it
 * speaks chat completions to the credential's base URL the way n8n 2.40 does for the agent,
 * and records each call as a run of itself.
 */
export const openAiChatTestModel: NodeTypeDefinition = {
  type: MODEL_TYPE,
  displayName: 'OpenAI Chat Model (test)',
  versions: [1, 1.1, 1.2, 1.3],
  execute: () => Promise.reject(new Error('sub-node')),
  supplyData: async (ctx) => {
    const credentials = await ctx.getCredentials<{ apiKey: string; url?: string }>('openAiApi');
    const modelParam = ctx.getParam<JsonValue>('model', 0, 'gpt-4o-mini');
    const modelName = modelParam !== null && typeof modelParam === 'object' && !Array.isArray(modelParam) ? String(modelParam.value) : String(modelParam);
    const model: ChatModel = {
      kind: 'chatModel',
      modelName,
      invoke: async (request) => {
        const run = await ctx.startRun({ messages: request.messages.map((m) => `${m.role}: ${m.content}`) });
        const body: JsonObject = { model: modelName, stream: false };
        if (request.tools && request.tools.length > 0) {
          body.tools = request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: false } }));
        }
        if (request.toolChoice) body.tool_choice = request.toolChoice;
        body.messages = request.messages.map(wireMessage);
        const response = await fetch(`${credentials.url ?? 'https://api.openai.com/v1'}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.apiKey}` },
          body: JSON.stringify(body),
          signal: request.signal,
        });
        const answer = (await response.json()) as { choices: Array<{ message: { content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }> };
        const choice = answer.choices[0];
        const toolCalls: ToolCall[] = (choice?.message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
        const text = choice?.message.content ?? '';
        await run.succeed({ response: { generations: [[{ text, generationInfo: { finish_reason: choice?.finish_reason ?? 'stop' } }]] } });
        return { message: { role: 'assistant', content: text, ...(toolCalls.length > 0 ? { toolCalls } : {}) }, finishReason: choice?.finish_reason };
      },
    };
    return model;
  },
};
