import type { NodeContext } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import { binaryToBuffer, inputBinary } from '../../binary-helpers';
import { parseJsonOption } from './common';

const JSON_SYSTEM_TEXT = 'You are a helpful assistant designed to output JSON.';

/** The Output Format's Schema default (n8n fills it in when the row leaves it out). */
const DEFAULT_SCHEMA = `{
  "type": "object",
  "properties": {
    "message": {
      "type": "string"
    }
  },
  "additionalProperties": false,
  "required": ["message"]
}`;

/** Drops '' / undefined / empty objects and lists at the top level (n8n's removeEmptyProperties). */
function withoutEmpty(value: Record<string, JsonValue | undefined>): JsonObject {
  const result: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === '' || entry === undefined) continue;
    if (entry !== null && typeof entry === 'object' && (Array.isArray(entry) ? entry.length === 0 : Object.keys(entry).length === 0)) continue;
    result[key] = entry;
  }
  return result;
}

const str = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** A file or image row's data URL from the item's binary property. */
async function dataUrl(ctx: NodeContext, row: JsonObject, itemIndex: number): Promise<string> {
  const item = ctx.getInputItems()[itemIndex];
  if (!item) throw new NodeOperationError(ctx.node.name, 'No input item to read the binary data from', { itemIndex });
  const binary = inputBinary(ctx, item, itemIndex, str(row.binaryPropertyName) ?? 'data');
  const buffer = await binaryToBuffer(ctx, binary, itemIndex);
  return `data:${binary.mimeType};base64,${buffer.toString('base64')}`;
}

/** One Messages row as a Responses API input message (text, image or file content). */
async function inputMessage(ctx: NodeContext, row: JsonObject, itemIndex: number): Promise<JsonObject> {
  const role = row.role ?? 'user';
  const type = row.type ?? 'text';
  let content: JsonObject[] = [];
  if (type === 'text') {
    content = role === 'assistant' ? [{ type: 'output_text', text: row.content ?? '', annotations: [] }] : [{ type: 'input_text', text: row.content ?? '' }];
  } else if (type === 'image') {
    const detail = str(row.imageDetail) || 'auto';
    const imageType = row.imageType ?? 'url';
    if (imageType === 'base64') content = [{ type: 'input_image', detail, image_url: await dataUrl(ctx, row, itemIndex) }];
    else if (imageType === 'url') content = [{ type: 'input_image', detail, image_url: row.imageUrl ?? '' }];
    else content = [{ type: 'input_image', detail, file_id: row.fileId ?? '' }];
  } else if (type === 'file') {
    const fileType = row.fileType ?? 'url';
    if (fileType === 'base64') content = [{ type: 'input_file', filename: row.fileName ?? '', file_data: await dataUrl(ctx, row, itemIndex) }];
    else if (fileType === 'url') content = [{ type: 'input_file', file_url: row.fileUrl ?? '' }];
    else content = [{ type: 'input_file', file_id: row.fileId ?? '' }];
  }
  return { role, content };
}

/** `{textOptions: {...}}` or, as the editor's default reads, `{textOptions: [{...}]}`. */
function textOptionsOf(options: JsonObject): JsonObject {
  const container = isJsonObject(options.textFormat) ? options.textFormat.textOptions : undefined;
  const first = Array.isArray(container) ? container[0] : container;
  return isJsonObject(first) ? first : {};
}

function textConfig(ctx: NodeContext, options: JsonObject, itemIndex: number, body: JsonObject): JsonObject {
  const textOptions = textOptionsOf(options);
  // n8n fills the row's defaults in before the node reads it: verbosity medium, name my_schema.
  const config: JsonObject = { verbosity: textOptions.verbosity ?? 'medium' };
  let format: Record<string, JsonValue | undefined> | undefined;
  if (textOptions.type === 'json_schema') {
    format = {
      type: 'json_schema',
      name: textOptions.name ?? 'my_schema',
      schema: parseJsonOption(ctx, textOptions.schema ?? DEFAULT_SCHEMA, 'Failed to parse schema', itemIndex),
    };
  } else if (textOptions.type === 'json_object') {
    format = { type: 'json_object' };
    body.input = [{ role: 'system', content: [{ type: 'input_text', text: JSON_SYSTEM_TEXT }] }, ...(body.input as JsonValue[])];
  } else if (textOptions.type === 'text') {
    format = { type: 'text' };
  }
  if (format) config.format = withoutEmpty(format);
  return config;
}

function builtInToolsOf(ctx: NodeContext, builtIn: JsonObject, itemIndex: number): JsonObject[] {
  const tools: JsonObject[] = [];
  if (isJsonObject(builtIn.webSearch)) {
    const web = builtIn.webSearch;
    const domains = str(web.allowedDomains) ? (web.allowedDomains as string).split(',').map((domain) => domain.trim()) : undefined;
    const location = web.country || web.city || web.region ? { type: 'approximate', country: web.country, city: web.city, region: web.region } : undefined;
    tools.push(
      withoutEmpty({
        type: 'web_search',
        search_context_size: web.searchContextSize ?? 'medium',
        user_location: location ? (JSON.parse(JSON.stringify(location)) as JsonObject) : undefined,
        ...(domains ? { filters: { allowed_domains: domains } } : {}),
      }),
    );
  }
  if (builtIn.codeInterpreter === true) tools.push({ type: 'code_interpreter', container: { type: 'auto' } });
  if (isJsonObject(builtIn.fileSearch)) {
    const search = builtIn.fileSearch;
    const filters = search.filters ?? '{}';
    tools.push(
      withoutEmpty({
        type: 'file_search',
        vector_store_ids: parseJsonOption(ctx, search.vectorStoreIds ?? '[]', 'Failed to parse vector store IDs', itemIndex),
        filters: filters ? parseJsonOption(ctx, filters, 'Failed to parse filters', itemIndex) : undefined,
        max_num_results: search.maxResults,
      }),
    );
  }
  return tools;
}

/**
 * The Responses API body of "Message a Model" (OpenAI node 2.x), as n8n's createRequest
 * builds it: input messages, the node's options under the API's names, the output format
 * (a JSON-object format adds n8n's system message first), connected and built-in tools.
 */
export async function responsesRequest(
  ctx: NodeContext,
  itemIndex: number,
  request: { model: string; rows: JsonObject[]; options: JsonObject; tools: JsonObject[] | undefined; builtInTools: JsonObject },
): Promise<JsonObject> {
  const { options } = request;
  const input: JsonValue[] = [];
  for (const row of request.rows) input.push(await inputMessage(ctx, row, itemIndex));
  const backgroundValues = isJsonObject(options.backgroundMode) && isJsonObject(options.backgroundMode.values) ? options.backgroundMode.values : {};
  const body: Record<string, JsonValue | undefined> = {
    model: request.model,
    input,
    parallel_tool_calls: options.parallelToolCalls ?? true,
    store: options.store ?? true,
    instructions: options.instructions,
    max_output_tokens: options.maxTokens,
    previous_response_id: options.previousResponseId,
    prompt_cache_key: options.promptCacheKey,
    safety_identifier: options.safetyIdentifier,
    service_tier: options.serviceTier,
    temperature: options.temperature,
    top_p: options.topP,
    top_logprobs: options.topLogprobs,
    tools: request.tools,
    max_tool_calls: options.maxToolCalls,
    background: backgroundValues.enabled ?? false,
  };
  if (options.truncation !== undefined) body.truncation = options.truncation ? 'auto' : 'disabled';
  if (options.conversationId) body.conversation = options.conversationId;
  if (Array.isArray(options.include) && options.include.length > 0) body.include = options.include;
  if (options.metadata) body.metadata = parseJsonOption(ctx, options.metadata, 'Failed to parse metadata', itemIndex);
  if (options.promptConfig) {
    const prompt = isJsonObject(options.promptConfig) && isJsonObject(options.promptConfig.promptOptions) ? options.promptConfig.promptOptions : {};
    body.prompt = withoutEmpty({
      id: prompt.promptId,
      version: prompt.version,
      ...(prompt.variables ? { variables: parseJsonOption(ctx, prompt.variables, 'Failed to parse prompt variables', itemIndex) } : {}),
    });
  }
  if (options.reasoning) {
    const reasoning = isJsonObject(options.reasoning) && isJsonObject(options.reasoning.reasoningOptions) ? options.reasoning.reasoningOptions : {};
    body.reasoning = withoutEmpty({ effort: reasoning.effort, summary: reasoning.summary && reasoning.summary !== 'none' ? reasoning.summary : undefined });
  }
  if (options.textFormat) {
    const holder: JsonObject = { input: body.input ?? [] };
    body.text = textConfig(ctx, options, itemIndex, holder);
    body.input = holder.input;
  }
  // n8n always rebuilds the tool list here (the Built-in Tools collection defaults to {}).
  body.tools = [...(request.tools ?? []), ...builtInToolsOf(ctx, request.builtInTools, itemIndex)];
  return withoutEmpty(body);
}
