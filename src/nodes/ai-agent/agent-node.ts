import { NodeOperationError, WorkflowValidationError } from '../../errors';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { WorkflowNode } from '../../workflow/types';
import { ToolsAgentRun, type AgentInputs, type AgentOptions } from './tools-agent';

export const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';

/** The tools agent's typeVersions: 1.x only with `agent: toolsAgent`; 2.x and 3.x are tools agents. */
const VERSIONS = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.1, 2.2, 3, 3.1];

function optionsOf(ctx: NodeContext, itemIndex: number): AgentOptions {
  const raw = ctx.getParam<JsonValue>('options', itemIndex, {});
  const options: JsonObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const maxIterations = options.maxIterations ?? 10;
  if (typeof maxIterations !== 'number' || Number.isNaN(maxIterations)) {
    throw new NodeOperationError(ctx.node.name, `Parameter "options.maxIterations" is not number`, { itemIndex });
  }
  return {
    systemMessage: typeof options.systemMessage === 'string' ? options.systemMessage : undefined,
    maxIterations,
    returnIntermediateSteps: options.returnIntermediateSteps === true,
    forceToolCall: options.forceToolCallOnFirstIteration === true,
  };
}

/** The sub-nodes' objects for one round: n8n asks for them again each time the agent runs. */
async function gatherInputs(ctx: NodeContext): Promise<AgentInputs> {
  const models = await ctx.getInputConnectionData('ai_languageModel', 0);
  // n8n takes the last connected model first (the others are fallbacks).
  const model = models[models.length - 1];
  if (!model) throw new NodeOperationError(ctx.node.name, 'A Chat Model sub-node must be connected and enabled');
  const [memory] = await ctx.getInputConnectionData('ai_memory', 0);
  // n8n lists the tools to the model in the reverse of their connection order.
  // "Require Specific Output Format" (hasOutputParser) turns the connected parser on.
  const usesParser = ctx.getParam<JsonValue>('hasOutputParser', 0, false) === true;
  return {
    model,
    memory,
    toolsFor: async (itemIndex) => (await ctx.getInputConnectionData('ai_tool', itemIndex)).reverse(),
    parserFor: async (itemIndex) => (usesParser ? (await ctx.getInputConnectionData('ai_outputParser', itemIndex))[0] : undefined),
  };
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const run = new ToolsAgentRun(ctx, (itemIndex) => optionsOf(ctx, itemIndex), () => gatherInputs(ctx));
  return [await run.execute()];
}

function validate(node: WorkflowNode): void {
  const agent = node.parameters.agent;
  if (node.typeVersion < 2 && agent !== undefined && agent !== 'toolsAgent') {
    throw new WorkflowValidationError(
      `Node "${node.name}" uses the "${String(agent)}" agent type, which this service does not run (only the Tools Agent)`,
      { node: node.name, field: 'agent' },
    );
  }
}

/** n8n's AI Agent (tools agent). */
export const agentNode: NodeTypeDefinition = {
  type: AGENT_TYPE,
  displayName: 'AI Agent',
  versions: VERSIONS,
  validate,
  execute,
};
