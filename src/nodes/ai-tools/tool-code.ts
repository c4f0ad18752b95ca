import { errorMessage, NodeOperationError } from '../../errors';
import type { NodeResult, NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { RunnableTool } from './agent-tool';
import { TEXT_INPUT_SCHEMA } from './from-ai';
import { schemaFromExample, schemaFromParameter } from './input-schema';
import { callText, recordedToolRun, toolNameOf } from './tool-run';

export const TOOL_CODE_TYPE = '@n8n/n8n-nodes-langchain.toolCode';

const asString = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

function inputSchemaOf(ctx: SupplyContext, itemIndex: number): JsonObject | undefined {
  if (ctx.getParam<JsonValue>('specifyInputSchema', itemIndex, false) !== true) return undefined;
  try {
    const schemaType = ctx.getParam<JsonValue>('schemaType', itemIndex, 'fromJson');
    return schemaType === 'fromJson'
      ? schemaFromExample(asString(ctx.getParam<JsonValue>('jsonSchemaExample', itemIndex, '')), ctx.node.typeVersion >= 1.3)
      : schemaFromParameter(asString(ctx.getParam<JsonValue>('inputSchema', itemIndex, '')));
  } catch (error) {
    throw new NodeOperationError(ctx.node.name, `Error during parsing of JSON Schema. \n ${errorMessage(error)}`);
  }
}

/** Keeps only the schema's properties, as LangChain's schema check does for a structured tool. */
function schemaInput(schema: JsonObject, args: JsonObject): JsonObject {
  const properties = schema.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return args;
  return Object.fromEntries(Object.entries(args).filter(([key]) => Object.hasOwn(properties, key)));
}

/**
 * Runs the tool's JavaScript in the sandbox with `query` bound to the input (text, or an
 * object when the tool has a schema); it must return text (a number is turned into text).
 */
async function runCode(ctx: SupplyContext, code: string, query: JsonValue): Promise<string> {
  // Kept on the first line so the user's line numbers stay as written.
  const result = await ctx.runCode({ code: `const query = ${JSON.stringify(query)}; ${code}`, mode: 'runOnceForAllItems' });
  const returned = result.mode === 'runOnceForAllItems' ? result.returned : undefined;
  if (typeof returned === 'number') return returned.toString();
  if (typeof returned !== 'string') {
    throw new NodeOperationError(ctx.node.name, 'Wrong output type returned', {
      description: `The response property should be a string, but it is an ${returned === null ? 'object' : typeof returned}`,
    });
  }
  return returned;
}

/** n8n's Code Tool (1 to 1.3): JavaScript the agent calls, run in the sandbox. */
async function supplyData(ctx: SupplyContext, itemIndex: number): Promise<RunnableTool> {
  const node = ctx.node;
  const name = node.typeVersion <= 1.1 ? asString(ctx.getParam<JsonValue>('name', itemIndex, '')) : toolNameOf(node.name);
  const description = asString(ctx.getParam<JsonValue>('description', itemIndex, ''));
  const language = ctx.getParam<JsonValue>('language', itemIndex, 'javaScript');
  if (language !== 'javaScript') {
    throw new NodeOperationError(node.name, `The Code Tool language "${String(language)}" is not supported here: use JavaScript`);
  }
  const code = asString(ctx.getRawParam('jsCode') ?? '');
  const schema = inputSchemaOf(ctx, itemIndex);
  const queryOf = (args: JsonObject): JsonValue => (schema ? schemaInput(schema, args) : (args.input ?? ''));
  const run = (args: JsonObject) =>
    recordedToolRun(ctx, args, async () => {
      try {
        return [{ response: await runCode(ctx, code, queryOf(args)) }];
      } catch (error) {
        if (error instanceof NodeOperationError && error.nodeName === node.name) throw error;
        throw new NodeOperationError(node.name, errorMessage(error), { cause: error });
      }
    });
  return {
    kind: 'tool',
    name,
    description,
    nodeName: node.name,
    inputSchema: schema ?? TEXT_INPUT_SCHEMA,
    run,
    call: async (input) => {
      const args: JsonObject = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : { input: asString(input) };
      // Called directly (the OpenAI node, older agents), n8n's Code Tool tells the model about a failure.
      try {
        const [result] = await run(args);
        return result ? asString(result.response) : callText([]);
      } catch (error) {
        return `There was an error: "${errorMessage(error)}"`;
      }
    },
  };
}

async function execute(): Promise<NodeResult> {
  return null;
}

export const toolCodeNode: NodeTypeDefinition = {
  type: TOOL_CODE_TYPE,
  displayName: 'Code Tool',
  versions: [1, 1.1, 1.2, 1.3],
  execute,
  supplyData,
};
