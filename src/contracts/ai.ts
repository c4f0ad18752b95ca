import type { JsonObject, JsonValue } from '../workflow/json';

/**
 * The AI vocabulary shared by root nodes (Basic LLM Chain, AI Agent, the OpenAI node) and the
 * sub-nodes that supply them (chat models, tools, memory, output parsers), as n8n wires them
 * through `ai_*` connections. Provider-neutral: a chat model may speak OpenAI's chat
 * completions, its Responses API or anything else behind `invoke`.
 */

/** n8n's sub-node connection types this engine understands. */
export const AI_CONNECTION_TYPES = ['ai_languageModel', 'ai_tool', 'ai_memory', 'ai_outputParser'] as const;
export type AiConnectionType = (typeof AI_CONNECTION_TYPES)[number];

export function isAiConnectionType(value: string): value is AiConnectionType {
  return (AI_CONNECTION_TYPES as readonly string[]).includes(value);
}

/** One tool call the model asked for. `arguments` is the model's raw JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A chat message. `toolCalls` only on assistant messages; `toolCallId` only on tool results. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  /** The tool's name on a tool result replayed from memory (n8n sends it as `name`). */
  name?: string;
}

/** Token counts of one model call (or a sum of calls), in n8n's `tokenUsage` names. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What a tool looks like to the model: its name, description and JSON-schema input. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input object. */
  parameters: JsonObject;
}

/** Ask the model for JSON: any JSON object, or one that follows a schema. */
export type JsonOutputRequest = { type: 'json_object' } | { type: 'json_schema'; name: string; schema: JsonObject; strict?: boolean };

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  toolChoice?: 'auto' | 'required' | 'none';
  jsonOutput?: JsonOutputRequest;
  signal?: AbortSignal;
}

export interface ChatResult {
  /** The assistant's message (content may be '' when it only calls tools). */
  message: ChatMessage & { role: 'assistant' };
  /** Provider's reason the generation stopped (`stop`, `tool_calls`, `length`...). */
  finishReason?: string;
  /** Absent when the endpoint reported none. */
  usage?: TokenUsage;
  /** The model name the endpoint answered with. */
  model?: string;
}

/**
 * A chat model supplied on `ai_languageModel`. Each `invoke` is one model call; the supplying
 * node records it as one run of itself (input messages, output generations, token usage).
 * Failures throw an AiModelError with a message naming the node.
 */
export interface ChatModel {
  readonly kind: 'chatModel';
  readonly modelName: string;
  /**
   * True when the model node is set to answer JSON (its Response Format option): a chain then
   * parses the answer as JSON, as n8n's NaiveJsonOutputParser does.
   */
  readonly jsonMode?: boolean;
  invoke(request: ChatRequest): Promise<ChatResult>;
}

export interface ToolCallOptions {
  signal?: AbortSignal;
  /** The model's tool-call id, when the call came from one. */
  toolCallId?: string;
}

/**
 * A tool supplied on `ai_tool`. `call` receives the parsed input the model produced and
 * returns the text handed back to the model (n8n returns JSON-stringified results). Each call
 * is one recorded run of the supplying node.
 */
export interface AiTool {
  readonly kind: 'tool';
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input object. */
  readonly inputSchema: JsonObject;
  call(input: JsonValue, options?: ToolCallOptions): Promise<string>;
}

/** Memory supplied on `ai_memory`: the chat history kept under one session key. */
export interface ChatMemory {
  readonly kind: 'memory';
  readonly sessionKey: string;
  /** The messages to prepend to the next prompt (already windowed). */
  load(): Promise<ChatMessage[]>;
  /** Appends one exchange (the user's input and the assistant's final answer). */
  save(input: string, output: string): Promise<void>;
}

/** An output parser supplied on `ai_outputParser`. */
export interface OutputParser {
  readonly kind: 'outputParser';
  /** Text appended to the prompt so the model answers in the expected format. */
  formatInstructions(): string;
  /**
   * JSON Schema of what the parser accepts (n8n's getSchema): an agent offers it to the model
   * as its `format_final_json_response` tool.
   */
  readonly schema?: JsonObject;
  /**
   * Parses the model's text into the value the root node outputs; throws an
   * OutputParserError (message naming the parser node) when the text does not fit.
   */
  parse(text: string): Promise<JsonValue>;
}

/** What each connection type supplies. */
export interface AiSupplyMap {
  ai_languageModel: ChatModel;
  ai_tool: AiTool;
  ai_memory: ChatMemory;
  ai_outputParser: OutputParser;
}

export type SuppliedObject = AiSupplyMap[AiConnectionType];

/** The `kind` each connection type expects, so the engine can check what a sub-node supplied. */
export const SUPPLIED_KIND: { [T in AiConnectionType]: AiSupplyMap[T]['kind'] } = {
  ai_languageModel: 'chatModel',
  ai_tool: 'tool',
  ai_memory: 'memory',
  ai_outputParser: 'outputParser',
};

/**
 * One run of a sub-node, opened when a model/tool/memory/parser call starts and closed when
 * it ends. The engine writes it to run data as n8n does: `inputOverride` and `data` keyed by
 * the connection type, `source` naming the root node's run.
 */
export interface SubNodeRun {
  readonly runIndex: number;
  /**
   * Records the output (`{response: {generations}, tokenUsage}` for a model call); an array
   * records one item each (a tool that returned several items).
   */
  succeed(output: JsonObject | JsonObject[]): Promise<void>;
  /** Records the failure; the caller still throws its own error. */
  fail(error: unknown): Promise<void>;
}

/** Sums token usage, treating missing counts as 0. */
export function addTokenUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b ? { ...b } : undefined;
  if (!b) return { ...a };
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
