import type { ChatMessage } from '../../contracts/ai';
import type { JsonObject } from '../../workflow/json';

const CLASS_BY_ROLE: Record<ChatMessage['role'], string> = {
  system: 'SystemMessage',
  user: 'HumanMessage',
  assistant: 'AIMessage',
  tool: 'ToolMessage',
};

function parsedArgs(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/**
 * A chat message as n8n shows it in a memory node's run data: LangChain's serialised form
 * (`{lc: 1, type: 'constructor', id: [..., <Class>], kwargs}`).
 */
export function serializeForRunData(message: ChatMessage): JsonObject {
  const kwargs: JsonObject = { content: message.content };
  if (message.role === 'assistant') {
    const calls = message.toolCalls ?? [];
    if (calls.length > 0 && message.content === '') kwargs.content = [];
    kwargs.tool_calls = calls.map((call) => ({ id: call.id, name: call.name, args: parsedArgs(call.arguments), type: 'tool_call' }));
    kwargs.invalid_tool_calls = [];
  }
  if (message.role === 'tool' && message.toolCallId !== undefined) kwargs.tool_call_id = message.toolCallId;
  if (message.role === 'tool' && message.name !== undefined) kwargs.name = message.name;
  kwargs.additional_kwargs = {};
  kwargs.response_metadata = {};
  return { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', CLASS_BY_ROLE[message.role]], kwargs };
}
