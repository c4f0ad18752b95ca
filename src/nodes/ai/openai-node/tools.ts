import type { AiTool } from '../../../contracts/ai';
import type { NodeContext } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';

/** Models n8n hides the tools input for (no function calling): their tools are never sent. */
const MODELS_WITHOUT_TOOLS = new Set([
  'gpt-3.5-turbo-16k-0613', 'dall-e-3', 'text-embedding-3-large', 'dall-e-2', 'whisper-1', 'tts-1-hd-1106', 'tts-1-hd', 'gpt-4-0314',
  'text-embedding-3-small', 'gpt-4-32k-0314', 'gpt-3.5-turbo-0301', 'gpt-4-vision-preview', 'gpt-3.5-turbo-16k', 'gpt-3.5-turbo-instruct-0914',
  'tts-1', 'davinci-002', 'gpt-3.5-turbo-instruct', 'babbage-002', 'tts-1-1106', 'text-embedding-ada-002',
]);

/**
 * The tools connected to the OpenAI node (n8n's getConnectedTools): none for a model that
 * cannot call functions (from v1.2, where n8n hides the input), names unique from v1.1.
 */
export async function connectedTools(ctx: NodeContext, modelId: string, itemIndex: number): Promise<AiTool[]> {
  const version = ctx.node.typeVersion;
  if (version >= 1.2 && MODELS_WITHOUT_TOOLS.has(modelId)) return [];
  const tools = await ctx.getInputConnectionData('ai_tool', 0);
  if (version > 1) {
    const seen = new Set<string>();
    for (const tool of tools) {
      if (seen.has(tool.name)) {
        throw new NodeOperationError(ctx.node.name, `You have multiple tools with the same name: '${tool.name}', please rename them to avoid conflicts`, { itemIndex });
      }
      seen.add(tool.name);
    }
  }
  return tools;
}

/** The tool list of a chat-completions request (n8n's formatToOpenAIAssistantTool). */
export function chatCompletionTool(tool: AiTool): JsonObject {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } };
}

/** Strict when every property is required (n8n's requireStrict for the Responses API). */
function requiresStrict(schema: JsonObject): boolean {
  if (!Array.isArray(schema.required)) return false;
  if (!isJsonObject(schema.properties)) return false;
  const required = schema.required;
  return Object.keys(schema.properties).every((name) => required.includes(name));
}

/** The tool list of a Responses API request (n8n's formatToOpenAIResponsesTool). */
export function responsesTool(tool: AiTool): JsonObject {
  const parameters: JsonObject = { ...tool.inputSchema };
  const strict = requiresStrict(parameters);
  if (strict && isJsonObject(parameters.additionalProperties) && Object.keys(parameters.additionalProperties).length === 0) parameters.additionalProperties = false;
  return { type: 'function', name: tool.name, parameters, strict, description: tool.description };
}

/**
 * Runs the tool the model named, as the OpenAI node does: the parsed arguments (their `input`
 * field when there is one) go to the tool and its text goes back. Undefined when no connected
 * tool has that name (n8n then sends a result without content). A tool that throws fails the
 * item, as in n8n (the Code Tool answers its failures as text instead).
 */
export async function invokeTool(tools: AiTool[], name: string, argumentsText: string, signal: AbortSignal, toolCallId: string): Promise<string | undefined> {
  let result: string | undefined;
  for (const tool of tools) {
    if (tool.name !== name) continue;
    const parsed = parseArguments(argumentsText);
    const input: JsonValue = isJsonObject(parsed) && parsed.input !== undefined && parsed.input !== null ? parsed.input : parsed;
    result = await tool.call(input, { signal, toolCallId });
  }
  return result;
}

function parseArguments(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
