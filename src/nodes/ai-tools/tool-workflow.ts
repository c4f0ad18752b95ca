import { errorMessage, NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeResult, NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import { workflowSource } from '../flow/execute-workflow/workflow-source';
import type { RunnableTool } from './agent-tool';
import { collectFromAiArguments, fromAiInputSchema, substituteFromAi, TEXT_INPUT_SCHEMA } from './from-ai';
import { callText, recordedToolRun, toolNameOf } from './tool-run';

export const TOOL_WORKFLOW_TYPE = '@n8n/n8n-nodes-langchain.toolWorkflow';

interface SchemaField {
  name: string;
  removed: boolean;
}

function schemaFields(value: JsonValue | undefined): SchemaField[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((field) => {
    if (!isJsonObject(field)) return [];
    const name = typeof field.displayName === 'string' ? field.displayName : typeof field.id === 'string' ? field.id : undefined;
    return name === undefined ? [] : [{ name, removed: field.removed === true }];
  });
}

/**
 * The item handed to the sub-workflow for one call. With a "Workflow Inputs" schema (2.x):
 * each input field's mapping, `$fromAI` filled from the model's arguments; otherwise n8n's
 * `{query}` with the model's text.
 */
function subWorkflowItem(ctx: SupplyContext, itemIndex: number, fields: SchemaField[], args: JsonObject): Item {
  if (fields.length === 0) return { json: { query: args.input ?? '' } };
  const raw = ctx.getRawParam('workflowInputs.value');
  const mapping = isJsonObject(raw) ? raw : {};
  const json: JsonObject = {};
  for (const field of fields) {
    if (field.removed) continue;
    const value = mapping[field.name];
    if (value === undefined) continue;
    const resolved = ctx.evaluate(substituteFromAi(value, args), itemIndex);
    if (resolved !== undefined) json[field.name] = resolved;
  }
  return { json };
}

/**
 * What the tool's run outputs: from 2.2 every item of the sub-workflow's last node, before
 * that the first one only (n8n's returnAllItems).
 */
function toolOutput(ctx: SupplyContext, items: Item[]): JsonObject[] {
  if (items.length === 0) throw new NodeOperationError(ctx.node.name, 'There was an error: "The workflow did not return a response"');
  return ctx.node.typeVersion > 2 ? items.map((item) => item.json) : [items[0]?.json ?? {}];
}

/** n8n's Call n8n Workflow Tool: a sub-workflow the agent calls, run like Execute Workflow. */
async function supplyData(ctx: SupplyContext, itemIndex: number): Promise<RunnableTool> {
  const node = ctx.node;
  const usesNodeName = node.typeVersion >= 2.2;
  const rawName = ctx.getParam<JsonValue>('name', itemIndex, '');
  const name = usesNodeName ? toolNameOf(node.name) : typeof rawName === 'string' ? rawName : String(rawName);
  const rawDescription = ctx.getParam<JsonValue>('description', itemIndex, '');
  const description = typeof rawDescription === 'string' ? rawDescription : String(rawDescription);
  const fields = node.typeVersion >= 2 ? schemaFields(ctx.getRawParam('workflowInputs.schema')) : [];
  const fromAi = fields.length > 0 ? collectFromAiArguments(node.name, node.parameters) : [];
  const inputSchema = fromAi.length > 0 ? fromAiInputSchema(fromAi) : TEXT_INPUT_SCHEMA;
  const run = (args: JsonObject) =>
    recordedToolRun(ctx, args, async () => {
      const runner = ctx.services.subWorkflows;
      if (!runner) throw new NodeOperationError(node.name, 'Sub-workflows cannot run here: this entry point offers no sub-workflow runner');
      const source = workflowSource(ctx, itemIndex);
      const item = subWorkflowItem(ctx, itemIndex, fields, args);
      try {
        const result = await runner.run(
          {
            workflow: source,
            items: [item],
            waitForCompletion: true,
            parentExecutionId: ctx.executionId,
            parentWorkflowId: ctx.workflow.id,
            parentNode: node.name,
            depth: 0,
          },
          ctx.signal,
        );
        if (result.waiting) {
          throw new NodeOperationError(node.name, 'The sub-workflow waits (a Wait or Form node): a tool must finish in one go');
        }
        return toolOutput(ctx, result.items);
      } catch (error) {
        if (error instanceof NodeOperationError && error.nodeName === node.name) throw error;
        throw new NodeOperationError(node.name, errorMessage(error), { itemIndex, cause: error });
      }
    });
  return {
    kind: 'tool',
    name,
    description,
    nodeName: node.name,
    inputSchema,
    run,
    call: async (input) => {
      const args: JsonObject = isJsonObject(input) ? input : { input: typeof input === 'string' ? input : JSON.stringify(input) };
      const jsons = await run(args);
      return jsons.length === 1 && node.typeVersion <= 2 ? JSON.stringify(jsons[0], null, 2) : callText(jsons);
    },
  };
}

async function execute(): Promise<NodeResult> {
  return null;
}

export const toolWorkflowNode: NodeTypeDefinition = {
  type: TOOL_WORKFLOW_TYPE,
  displayName: 'Call n8n Workflow Tool',
  versions: [1, 1.1, 1.2, 1.3, 2, 2.1, 2.2],
  execute,
  supplyData,
};
