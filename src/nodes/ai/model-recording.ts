import type { ChatMessage, ChatModel, ChatRequest, ChatResult } from '../../contracts/ai';
import type { SupplyContext } from '../../contracts/node-type';
import type { JsonObject } from '../../workflow/json';

const PREFIX: Record<ChatMessage['role'], string> = { system: 'System', user: 'Human', assistant: 'AI', tool: 'Tool' };

/**
 * The prompt as n8n's tracing shows it (LangChain's getBufferString): one `Role: text` line per
 * message, an assistant's tool calls appended as JSON.
 */
export function promptText(messages: ChatMessage[]): string {
  return messages
    .map((message) => {
      let line = `${PREFIX[message.role]}: ${message.content}`;
      if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
        line += JSON.stringify(
          message.toolCalls.map((call) => ({ name: call.name, args: parseArguments(call.arguments), id: call.id, type: 'tool_call' })),
        );
      }
      return line;
    })
    .join('\n');
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** About four characters a token: n8n shows an estimate beside the prompt before the real count comes. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Wraps a raw model call so each invoke is recorded as one run of the model node, with n8n's
 * shapes: input `{messages: [prompt], estimatedTokens, options}`, output
 * `{response: {generations: [[{text, generationInfo}]]}, tokenUsage}` (or `tokenUsageEstimate`
 * when the endpoint reported no usage). A failed call is recorded as an errored run.
 */
export function recordedChatModel(
  ctx: SupplyContext,
  modelName: string,
  options: JsonObject,
  jsonMode: boolean,
  call: (request: ChatRequest) => Promise<ChatResult>,
): ChatModel {
  return {
    kind: 'chatModel',
    modelName,
    jsonMode,
    invoke: async (request) => {
      const prompt = promptText(request.messages);
      const estimatedTokens = estimateTokens(prompt);
      const run = await ctx.startRun({ messages: [prompt], estimatedTokens, options });
      let result: ChatResult;
      try {
        result = await call(request);
      } catch (error) {
        await run.fail(error);
        throw error;
      }
      const generationInfo: JsonObject = result.finishReason ? { finish_reason: result.finishReason } : {};
      const text = result.message.content;
      const output: JsonObject = { response: { generations: [[{ text, generationInfo }]] } };
      if (result.usage && result.usage.completionTokens > 0) {
        output.tokenUsage = { ...result.usage };
      } else {
        const completionTokens = estimateTokens(text);
        output.tokenUsageEstimate = { completionTokens, promptTokens: estimatedTokens, totalTokens: completionTokens + estimatedTokens };
      }
      await run.succeed(output);
      return result;
    },
  };
}
