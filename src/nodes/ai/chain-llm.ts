import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import type { ChatMessage, ChatModel, OutputParser } from '../../contracts/ai';
import type { Item } from '../../contracts/run-data';
import { NodeOperationError, errorMessage } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import { PARSER_ERROR_MESSAGE } from './output-parser/structured-output-parser';

export const CHAIN_LLM_TYPE = '@n8n/n8n-nodes-langchain.chainLlm';

const VERSIONS = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9];

/** The prompt parameter's default per version (older versions read the prompt from the input). */
function legacyPromptDefault(version: number): string {
  if (version === 1) return '={{ $json.input }}';
  return version <= 1.2 ? '={{ $json.chat_input }}' : '={{ $json.chatInput }}';
}

/** n8n's getPromptInputByType for 1.4+: `auto` reads `chatInput`, `guardrails` `guardrailsInput`, `define` the text. */
function promptOf(ctx: NodeContext, itemIndex: number): string {
  const version = ctx.node.typeVersion;
  let prompt: JsonValue | undefined;
  if (version <= 1.3) {
    prompt = ctx.getParam<JsonValue | undefined>('prompt', itemIndex, ctx.evaluate(legacyPromptDefault(version), itemIndex) ?? undefined);
    if (prompt === undefined) throw new NodeOperationError(ctx.node.name, "The 'prompt' parameter is empty.", { itemIndex });
    return String(prompt);
  }
  const promptType = ctx.getParam<string>('promptType', itemIndex, 'auto');
  if (promptType === 'auto' || promptType === 'guardrails') {
    const key = promptType === 'auto' ? 'chatInput' : 'guardrailsInput';
    prompt = ctx.getInputItems()[itemIndex]?.json[key];
    if (prompt === undefined) {
      throw new NodeOperationError(ctx.node.name, 'No prompt specified', {
        itemIndex,
        description: `Expected to find the prompt in an input field called '${key}' (this is what the ${promptType === 'auto' ? 'chat trigger node' : 'guardrails node'} node outputs). To use something else, change the 'Prompt' parameter`,
      });
    }
  } else {
    prompt = ctx.getParam<JsonValue | undefined>('text', itemIndex, undefined);
    if (prompt === undefined) {
      throw new NodeOperationError(ctx.node.name, 'No prompt specified', {
        itemIndex,
        description: 'The prompt field is empty or the expression used could not be resolved. Please check the configured prompt value.',
      });
    }
  }
  return typeof prompt === 'string' ? prompt : JSON.stringify(prompt);
}

const ROLE_OF: Record<string, ChatMessage['role']> = {
  SystemMessagePromptTemplate: 'system',
  AIMessagePromptTemplate: 'assistant',
  HumanMessagePromptTemplate: 'user',
};

/** The chat messages before the prompt (System/AI/User rows of "Chat Messages"); images are not supported. */
function templateMessages(ctx: NodeContext, itemIndex: number): ChatMessage[] {
  const rows = ctx.getParam<JsonValue>('messages.messageValues', itemIndex, []);
  return (Array.isArray(rows) ? rows : []).filter(isJsonObject).map((row) => {
    const type = typeof row.type === 'string' ? row.type : 'SystemMessagePromptTemplate';
    const role = ROLE_OF[type];
    if (!role) throw new NodeOperationError(ctx.node.name, `Invalid message type "${type}"`, { itemIndex });
    if (role === 'user' && row.messageType !== undefined && row.messageType !== 'text') {
      throw new NodeOperationError(ctx.node.name, 'Image messages are not supported by this service', { itemIndex });
    }
    return { role, content: typeof row.message === 'string' ? row.message : '' };
  });
}

/** `hasOutputParser` is hidden in 1, 1.1 and 1.3 (a connected parser always counts), else defaults to false. */
function usesOutputParser(ctx: NodeContext): boolean {
  const version = ctx.node.typeVersion;
  if (version === 1 || version === 1.1 || version === 1.3) return true;
  return ctx.getParam<boolean>('hasOutputParser', 0, false) === true;
}

async function modelOf(ctx: NodeContext, itemIndex: number): Promise<ChatModel> {
  const models = await ctx.getInputConnectionData('ai_languageModel', itemIndex);
  const model = models[0];
  if (!model) throw new NodeOperationError(ctx.node.name, 'A Model sub-node must be connected and enabled', { itemIndex });
  return model;
}

/** n8n's formatResponse: text trimmed under `text`, arrays under `data`, objects as they are (1.6+ or with a parser). */
function formatResponse(response: JsonValue, unwrapObjects: boolean): JsonObject {
  if (typeof response === 'string') return { text: response.trim() };
  if (Array.isArray(response)) return { data: response };
  if (isJsonObject(response)) return unwrapObjects ? response : { text: JSON.stringify(response) };
  return { response: { text: response } };
}

/** A JSON-mode model's answer parsed as JSON (n8n's NaiveJsonOutputParser); not JSON fails the item as n8n does. */
function naiveJson(ctx: NodeContext, text: string, itemIndex: number): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
    try {
      return JSON.parse(fenced.trim()) as JsonValue;
    } catch {
      throw new NodeOperationError(ctx.node.name, PARSER_ERROR_MESSAGE, {
        itemIndex,
        description: `To continue the execution when this happens, change the 'On Error' parameter in the root node's settings (the model's answer is not JSON: "${text.slice(0, 200)}")`,
      });
    }
  }
}

async function processItem(ctx: NodeContext, itemIndex: number, parser: OutputParser | undefined): Promise<JsonValue[]> {
  const model = await modelOf(ctx, itemIndex);
  const itemParser = parser ? ((await ctx.getInputConnectionData('ai_outputParser', itemIndex))[0] ?? parser) : undefined;
  const prompt = promptOf(ctx, itemIndex);
  const instructions = itemParser?.formatInstructions();
  const messages: ChatMessage[] = [...templateMessages(ctx, itemIndex), { role: 'user', content: instructions ? `${prompt}\n${instructions}` : prompt }];
  const result = await model.invoke({ messages, signal: ctx.signal });
  const text = result.message.content;
  if (itemParser) {
    const parsed = await itemParser.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return [model.jsonMode ? naiveJson(ctx, text, itemIndex) : text];
}

/** Basic LLM Chain (1-1.9): one model call per item, prompt templates, an optional output parser. */
async function executeChain(ctx: NodeContext): Promise<Array<Item[] | null>> {
  const items = ctx.getInputItems();
  const parser = usesOutputParser(ctx) ? (await ctx.getInputConnectionData('ai_outputParser', 0))[0] : undefined;
  const unwrapObjects = ctx.node.typeVersion >= 1.6 || parser !== undefined;
  const out: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const responses = await processItem(ctx, itemIndex, parser);
      for (const response of responses) out.push({ json: formatResponse(response, unwrapObjects) });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      if (ctx.continueOnFail()) {
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw error;
    }
  }
  return [out];
}

export const chainLlmNode: NodeTypeDefinition = {
  type: CHAIN_LLM_TYPE,
  aliases: ['chainLlm'],
  displayName: 'Basic LLM Chain',
  versions: VERSIONS,
  execute: executeChain,
};
