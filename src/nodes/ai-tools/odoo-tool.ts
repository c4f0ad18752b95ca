import { errorMessage, NodeOperationError } from '../../errors';
import type { NodeContext, NodeResult, NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { gatewayOf, runOdooOperation } from '../odoo/odoo-node';
import { resultToJsons } from '../odoo/operations';
import type { RunnableTool } from './agent-tool';
import { collectFromAiArguments, fromAiInputSchema, substituteFromAi } from './from-ai';
import { recordedToolRun, toolNameOf } from './tool-run';

export const ODOO_TOOL_TYPE = 'n8n-nodes-base.odooTool';

const NOUNS: Record<string, [string, string]> = {
  contact: ['a contact', 'contacts'],
  custom: ['an item', 'items'],
  note: ['a note', 'notes'],
  opportunity: ['an opportunity', 'opportunities'],
};

/** n8n's automatic tool description: the operation's action, "in Odoo". */
function autoDescription(parameters: JsonObject): string {
  const resource = typeof parameters.resource === 'string' ? parameters.resource : 'contact';
  const operation = typeof parameters.operation === 'string' ? parameters.operation : 'create';
  const [one, many] = NOUNS[resource] ?? ['an item', 'items'];
  const actions: Record<string, string> = {
    create: `Create ${one}`,
    delete: `Delete ${one}`,
    get: `Get ${one}`,
    getAll: `Get many ${many}`,
    update: `Update ${one}`,
    count: `Count ${many}`,
    call: `Call a method on ${many}`,
  };
  return `${actions[operation] ?? `${operation} ${resource}`} in Odoo`;
}

function descriptionOf(ctx: SupplyContext, itemIndex: number): string {
  const parameters = ctx.node.parameters;
  const written = parameters.toolDescription;
  if (parameters.descriptionType === 'auto' || typeof written !== 'string' || written.trim() === '') return autoDescription(parameters);
  const value = ctx.getParam<JsonValue>('toolDescription', itemIndex, '');
  return typeof value === 'string' ? value : String(value);
}

/**
 * The node's context for one call: parameters read with each `$fromAI` replaced by the
 * model's value, then evaluated like any expression (n8n resolves them from the tool run's input).
 */
function callContext(ctx: SupplyContext, args: JsonObject): NodeContext {
  const derived = Object.create(ctx) as NodeContext;
  const getParam = <T extends JsonValue | undefined = JsonValue>(path: string, itemIndex: number, fallback?: T): T => {
    const raw = ctx.getRawParam(path);
    if (raw === undefined) return fallback as T;
    const value = ctx.evaluate(substituteFromAi(raw, args), itemIndex);
    return (value === undefined ? fallback : value) as T;
  };
  Object.defineProperty(derived, 'getParam', { value: getParam });
  return derived;
}

/**
 * n8n's Odoo Tool (the Odoo node as a tool): the operation the workflow names, on the model it
 * names, through the service's own Odoo session and its rights; the model fills `$fromAI`.
 */
async function supplyData(ctx: SupplyContext, itemIndex: number): Promise<RunnableTool> {
  const node = ctx.node;
  const inputSchema = fromAiInputSchema(collectFromAiArguments(node.name, node.parameters));
  const run = (args: JsonObject) =>
    recordedToolRun(ctx, args, async () => {
      const odoo = gatewayOf(ctx);
      try {
        return resultToJsons(await runOdooOperation(callContext(ctx, args), odoo, itemIndex));
      } catch (error) {
        if (error instanceof NodeOperationError && error.nodeName === node.name) throw error;
        throw new NodeOperationError(node.name, errorMessage(error), { itemIndex, cause: error });
      }
    });
  return {
    kind: 'tool',
    name: toolNameOf(node.name),
    description: descriptionOf(ctx, itemIndex),
    nodeName: node.name,
    inputSchema,
    run,
    call: async (input) => {
      const args: JsonObject = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {};
      return JSON.stringify(await run(args));
    },
  };
}

async function execute(): Promise<NodeResult> {
  return null;
}

export const odooToolNode: NodeTypeDefinition = {
  type: ODOO_TOOL_TYPE,
  displayName: 'Odoo Tool',
  versions: [1],
  execute,
  supplyData,
};
