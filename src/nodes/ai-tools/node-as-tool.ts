import { errorMessage, NodeOperationError } from '../../errors';
import type { NodeResult, NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import { isWaitRequest } from '../../contracts/node-type';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { RunnableTool } from './agent-tool';
import { collectFromAiArguments, fromAiInputSchema, substituteFromAi } from './from-ai';
import { callText, recordedToolRun, toolNameOf } from './tool-run';

/**
 * The tool description n8n gives a node used as a tool: the Description parameter (its
 * expression resolved), else the node type's own description.
 */
function descriptionOf(ctx: SupplyContext, itemIndex: number, defaultDescription: string): string {
  const raw = ctx.getRawParam('toolDescription');
  if (ctx.getRawParam('descriptionType') === 'auto' || typeof raw !== 'string' || raw.trim() === '') return defaultDescription;
  if (!raw.startsWith('=')) return raw;
  const resolved = ctx.getParam<JsonValue>('toolDescription', itemIndex, '');
  return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
}

/** The tool parameters are not the node's: they only describe it to the model. */
function nodeParameters(parameters: JsonObject): JsonObject {
  const { toolDescription: _description, descriptionType: _type, ...rest } = parameters;
  void _description;
  void _type;
  return rest;
}

/**
 * A node type n8n offers "as a tool" (`<type>Tool`, e.g. `n8n-nodes-base.httpRequestTool`):
 * the model fills the node's `$fromAI(...)` parameters, the node runs once on one item (the
 * root's item, the model's arguments and the call id merged, as n8n's engine hands it over),
 * and its output items are the tool's result.
 */
export function nodeAsTool(base: NodeTypeDefinition, toolType: string, displayName: string, defaultDescription: string): NodeTypeDefinition {
  async function supplyData(ctx: SupplyContext, itemIndex: number): Promise<RunnableTool> {
    const node = ctx.node;
    const inputSchema = fromAiInputSchema(collectFromAiArguments(node.name, node.parameters));
    const rootItem = ctx.getInputItems()[itemIndex];
    const runNode = async (args: JsonObject, toolCallId: string | undefined): Promise<JsonObject[]> => {
      if (!ctx.nodeContextFor) throw new NodeOperationError(node.name, 'This node cannot run as a tool here');
      const parameters = substituteFromAi(nodeParameters(node.parameters), args) as JsonObject;
      const json: JsonObject = { ...(rootItem?.json ?? {}), ...args };
      if (toolCallId !== undefined) json.toolCallId = toolCallId;
      const toolCtx = await ctx.nodeContextFor(parameters, [{ json }]);
      let result: NodeResult;
      try {
        result = await base.execute(toolCtx);
      } catch (error) {
        if (error instanceof NodeOperationError && error.nodeName === node.name) throw error;
        throw new NodeOperationError(node.name, errorMessage(error), { cause: error });
      }
      if (result !== null && isWaitRequest(result)) throw new NodeOperationError(node.name, 'A node used as a tool cannot wait');
      return (result?.[0] ?? []).map((item) => item.json);
    };
    const run = (args: JsonObject, options?: { toolCallId?: string }) => recordedToolRun(ctx, args, () => runNode(args, options?.toolCallId));
    return {
      kind: 'tool',
      name: toolNameOf(node.name),
      description: descriptionOf(ctx, itemIndex, defaultDescription),
      nodeName: node.name,
      inputSchema,
      run,
      call: async (input, options) => callText(await run(isJsonObject(input) ? input : {}, options)),
    };
  }
  return {
    type: toolType,
    displayName,
    versions: base.versions,
    validate: base.validate,
    execute: () => Promise.reject(new NodeOperationError(displayName, `${displayName} is a tool: connect it to an AI Agent or the OpenAI node`)),
    supplyData,
  };
}
