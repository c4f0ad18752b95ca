import type { OutputParser, ToolCall, ToolSpec } from '../../contracts/ai';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';

/** The tool n8n's tools agent adds when an output parser is connected. */
export const FORMAT_TOOL_NAME = 'format_final_json_response';

const FORMAT_TOOL_DESCRIPTION =
  'Use this tool to format your final response to the user in a structured JSON format. This tool validates your output against a schema to ensure it meets the required format. ONLY use this tool when you have completed all necessary reasoning and are ready to provide your final answer. Do not use this tool for intermediate steps or for asking questions. The output from this tool will be directly returned to the user.';

/** The system prompt part that tells the model to answer through that tool (n8n's formatting_instructions). */
export const FORMATTING_INSTRUCTIONS =
  'IMPORTANT: For your response to user, you MUST use the `format_final_json_response` tool with your complete answer formatted according to the required schema. Do not attempt to format the JSON manually - always use this tool. Your response will be rejected if it is not properly formatted through this tool. Only use this tool once you are ready to provide your final answer.';

const FALLBACK_SCHEMA: JsonObject = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
  additionalProperties: false,
  $schema: 'http://json-schema.org/draft-07/schema#',
};

export function formatToolSpec(parser: OutputParser): ToolSpec {
  return { name: FORMAT_TOOL_NAME, description: FORMAT_TOOL_DESCRIPTION, parameters: parser.schema ?? FALLBACK_SCHEMA };
}

export function formatCallOf(calls: readonly ToolCall[]): ToolCall | undefined {
  return calls.find((call) => call.name === FORMAT_TOOL_NAME);
}

/**
 * The text handed to the parser for a plain answer, as n8n's agent steps parser builds it:
 * JSON that is `{output}` alone goes as it is, other JSON is wrapped in `{output}`, text that
 * is not JSON goes unchanged (and then fails the parser).
 */
export function parserInputOfAnswer(text: string): string {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
  if (isJsonObject(parsed) && 'output' in parsed && Object.keys(parsed).length === 1) return JSON.stringify(parsed);
  return JSON.stringify({ output: parsed });
}

/**
 * The item the agent outputs for a parsed answer. With memory, n8n keeps the answer as JSON
 * text and reads it back (`output` of the parsed value when it has one).
 */
export function parsedAnswerJson(value: JsonValue, withMemory: boolean): JsonObject {
  if (withMemory) {
    const output = isJsonObject(value) && value.output !== undefined && value.output !== null ? value.output : value;
    return { output };
  }
  return isJsonObject(value) ? { ...value } : { output: value };
}
