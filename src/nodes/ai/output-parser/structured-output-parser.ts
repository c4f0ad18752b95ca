import type { NodeTypeDefinition, SupplyContext } from '../../../contracts/node-type';
import type { OutputParser } from '../../../contracts/ai';
import { NodeOperationError, SubNodeError } from '../../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import { rejectAsMainNode } from '../sub-node';
import { schemaFromExample } from './schema-from-example';
import { conform, instructionSchema, shapeOf, ShapeMismatch, type Shape } from './shape';

export const OUTPUT_PARSER_STRUCTURED_TYPE = '@n8n/n8n-nodes-langchain.outputParserStructured';

export const PARSER_ERROR_MESSAGE = "Model output doesn't fit required format";
const PARSER_ERROR_DESCRIPTION = "To continue the execution when this happens, change the 'On Error' parameter in the root node's settings";
const EMPTY_OUTPUT_MESSAGE = 'The AI model returned an empty response to the Structured Output Parser';
const EMPTY_OUTPUT_DESCRIPTION =
  "This usually happens when the model runs out of tokens before it can generate the structured output. Try reducing the prompt length, increasing the model's max output tokens, or simplifying the output schema. To continue the execution when this happens, change the 'On Error' parameter in the root node's settings.";

const WRAPPER = '__structured__output';
const WRAPPER_OBJECT = '__structured__output__object';
const WRAPPER_ARRAY = '__structured__output__array';

/** LangChain's structured-output instructions, word for word, around the schema n8n builds. */
export function formatInstructionsFor(schema: JsonObject): string {
  return `You must format your output as a JSON value that adheres to a given "JSON Schema" instance.

"JSON Schema" is a declarative language that allows you to annotate and validate JSON documents.

For example, the example "JSON Schema" instance {{"properties": {{"foo": {{"description": "a list of test words", "type": "array", "items": {{"type": "string"}}}}}}, "required": ["foo"]}}}}
would match an object with one required property, "foo". The "type" property specifies "foo" must be an "array", and the "description" property semantically describes it as "a list of test words". The items within "foo" must be strings.
Thus, the object {{"foo": ["bar", "baz"]}} is a well-formatted instance of this example "JSON Schema". The object {{"properties": {{"foo": ["bar", "baz"]}}}} is not well-formatted.

Your output will be parsed and type-checked according to the provided schema instance, so make sure all fields in your output match the schema exactly and there are no trailing commas!

Here is the JSON Schema instance your output must adhere to. Include the enclosing markdown codeblock:
\`\`\`json
${JSON.stringify({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#' })}
\`\`\`
`;
}

/** The user's schema wrapped as n8n does per version: v1 `__structured__output`, later `{output}`. */
function wrappedShape(inner: Shape, version: number): Shape {
  if (version === 1) {
    const wrapper: Shape = {
      kind: 'object',
      description: `Wrapper around the output data. It can only contain ${WRAPPER_OBJECT} or ${WRAPPER_ARRAY} but never both.`,
      properties: [
        { key: WRAPPER_OBJECT, shape: inner, required: false },
        { key: WRAPPER_ARRAY, shape: { kind: 'array', items: inner }, required: false },
      ],
    };
    return { kind: 'object', properties: [{ key: WRAPPER, shape: wrapper, required: true }] };
  }
  return { kind: 'object', properties: [{ key: 'output', shape: inner, required: version >= 1.3 }] };
}

/** The JSON inside the first ```json fence of the text, else the whole text. */
function fencedJson(text: string): string {
  const lines = text.trim().split('\n');
  const start = lines.findIndex((line) => /^```(?:json)?$/.test(line.trim()));
  if (start === -1) return text.trim();
  const end = lines.findIndex((line, index) => index > start && line.trim() === '```');
  return end === -1 ? text.trim() : lines.slice(start + 1, end).join('\n');
}

/** n8n unwraps `{output: {output: x}}` once. */
function unwrapNested(value: JsonValue): JsonValue {
  if (isJsonObject(value) && Object.keys(value).length === 1 && isJsonObject(value.output) && 'output' in value.output && Object.keys(value.output).length === 1) {
    return value.output;
  }
  return value;
}

function pick(value: JsonValue, keys: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of keys) current = isJsonObject(current) ? current[key] : undefined;
  return current ?? undefined;
}

function readSchema(ctx: SupplyContext, itemIndex: number): JsonObject {
  const version = ctx.node.typeVersion;
  // v1.2 added the choice; older versions only take a JSON Schema (`jsonSchema`).
  const schemaType = version >= 1.2 ? ctx.getParam<string>('schemaType', itemIndex, 'fromJson') : 'manual';
  const parse = (raw: JsonValue, field: string): JsonValue => {
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw) as JsonValue;
    } catch (error) {
      throw new NodeOperationError(ctx.node.name, `The ${field} is not valid JSON: ${(error as Error).message}`, { itemIndex });
    }
  };
  if (schemaType === 'fromJson') {
    const example = parse(ctx.getParam<JsonValue>('jsonSchemaExample', itemIndex, '{\n\t"state": "California",\n\t"cities": ["Los Angeles", "San Francisco", "San Diego"]\n}'), 'JSON example');
    return schemaFromExample(example, version >= 1.3);
  }
  const field = version <= 1.1 ? 'jsonSchema' : 'inputSchema';
  const schema = parse(ctx.getParam<JsonValue>(field, itemIndex, '{\n"type": "object",\n"properties": {\n\t"some_input": {\n\t\t"type": "string",\n\t\t"description": "Some input to the function"\n\t\t}\n\t}\n}'), 'JSON Schema');
  if (!isJsonObject(schema)) throw new NodeOperationError(ctx.node.name, 'Error during parsing of JSON Schema. Please check the schema and try again.', { itemIndex });
  return schema;
}

/** Structured Output Parser (v1-1.3): JSON schema or example, auto-fixing off. */
async function supplyParser(ctx: SupplyContext, itemIndex: number): Promise<OutputParser> {
  if (ctx.getParam<boolean>('autoFix', itemIndex, false) === true) {
    throw new NodeOperationError(ctx.node.name, 'Auto-fixing is not supported: turn off "Auto-Fix Format" on the Structured Output Parser', { itemIndex });
  }
  const shape = wrappedShape(shapeOf(readSchema(ctx, itemIndex)), ctx.node.typeVersion);
  const schema = instructionSchema(shape);
  const instructions = formatInstructionsFor(schema);
  return {
    kind: 'outputParser',
    formatInstructions: () => instructions,
    schema: { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' },
    parse: async (text: string) => {
      const run = await ctx.startRun({ action: 'parse', text });
      try {
        const parsed = conform(shape, JSON.parse(fencedJson(text)) as JsonValue);
        const result = unwrapNested(pick(parsed, [WRAPPER, WRAPPER_OBJECT]) ?? pick(parsed, [WRAPPER, WRAPPER_ARRAY]) ?? pick(parsed, [WRAPPER]) ?? parsed);
        await run.succeed({ action: 'parse', response: result });
        return result;
      } catch (error) {
        const empty = ['', '{}'].includes(text.trim()) || (error instanceof ShapeMismatch && error.path === 'output' && /required/.test(error.message));
        const reason = error instanceof SyntaxError ? 'Invalid JSON in model output' : empty ? 'Model output wrapper is an empty object' : 'Model output does not match the expected schema';
        const failure = new SubNodeError(ctx.node, empty ? EMPTY_OUTPUT_MESSAGE : PARSER_ERROR_MESSAGE, {
          description: `${empty ? EMPTY_OUTPUT_DESCRIPTION : PARSER_ERROR_DESCRIPTION} (${reason}: ${(error as Error).message})`,
          cause: error,
        });
        await run.fail(failure);
        throw failure;
      }
    },
  };
}

export const outputParserStructuredNode: NodeTypeDefinition = {
  type: OUTPUT_PARSER_STRUCTURED_TYPE,
  aliases: ['outputParserStructured'],
  displayName: 'Structured Output Parser',
  versions: [1, 1.1, 1.2, 1.3],
  execute: rejectAsMainNode,
  supplyData: supplyParser,
};
