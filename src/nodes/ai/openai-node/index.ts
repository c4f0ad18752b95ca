import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import type { Item } from '../../../contracts/run-data';
import { errorMessage, NodeOperationError, WorkflowValidationError } from '../../../errors';
import type { WorkflowNode } from '../../../workflow/types';
import { NodeApiError } from '../../http/node-api-error';
import { messageModelV1 } from './message-v1';
import { messageModelV2 } from './response-v2';
import { OpenAiApiError } from './transport';

export const OPENAI_NODE_TYPE = '@n8n/n8n-nodes-langchain.openAi';

const V1_VERSIONS = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8];
const V2_VERSIONS = [2, 2.1, 2.2, 2.3];

/** n8n's texts for OpenAI's error codes, which replace the HTTP status message. */
const CODE_MESSAGES: Record<string, string> = {
  insufficient_quota:
    'Insufficient quota detected. <a href="https://docs.n8n.io/integrations/builtin/app-nodes/n8n-nodes-langchain.openai/common-issues/#insufficient-quota" target="_blank">Learn more</a> about resolving this issue',
  rate_limit_exceeded: 'OpenAI: Rate limit reached',
};

type Operation = (ctx: NodeContext, itemIndex: number) => Promise<Item[]>;

/** The text operation each major version runs: `message` (chat completions) in 1.x, `response` (Responses API) in 2.x. */
function operationOf(node: WorkflowNode): { resource: string; operation: string; run?: Operation } {
  const v2 = node.typeVersion >= 2;
  const resource = typeof node.parameters.resource === 'string' ? node.parameters.resource : 'text';
  const operation = typeof node.parameters.operation === 'string' ? node.parameters.operation : v2 ? 'response' : 'message';
  if (resource !== 'text') return { resource, operation };
  if (!v2 && operation === 'message') return { resource, operation, run: messageModelV1 };
  if (v2 && operation === 'response') return { resource, operation, run: messageModelV2 };
  return { resource, operation };
}

const unsupportedMessage = (node: WorkflowNode, resource: string, operation: string): string =>
  `Node "${node.name}" uses the OpenAI operation "${resource}: ${operation}", which this service does not run (only Text: Message a Model)`;

function validate(node: WorkflowNode): void {
  const { resource, operation, run } = operationOf(node);
  if (!run) throw new WorkflowValidationError(unsupportedMessage(node, resource, operation), { node: node.name, field: 'operation' });
}

/** The error n8n's router throws for a failed item: the API's code message wins over the status text. */
function itemError(ctx: NodeContext, error: unknown, itemIndex: number): Error {
  if (error instanceof OpenAiApiError) {
    const { error: apiError, apiCode } = error.failure;
    const custom = apiCode ? CODE_MESSAGES[apiCode] : undefined;
    if (!custom) return apiError;
    return new NodeApiError(ctx.node.name, custom, { description: apiError.description, httpCode: apiError.httpCode, itemIndex, cause: apiError });
  }
  if (error instanceof NodeOperationError) return error;
  return new NodeOperationError(ctx.node.name, errorMessage(error), { itemIndex, cause: error });
}

/** The OpenAI node's router: one operation per item; a failed item fails the node unless it continues on fail. */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const { resource, operation, run } = operationOf(ctx.node);
  if (!run) throw new NodeOperationError(ctx.node.name, unsupportedMessage(ctx.node, resource, operation));
  const output: Item[] = [];
  const items = ctx.getInputItems();
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      output.push(...(await run(ctx, itemIndex)));
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const failure = itemError(ctx, error, itemIndex);
      if (ctx.continueOnFail()) {
        output.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw failure;
    }
  }
  return [output];
}

/** n8n's OpenAI node (`@n8n/n8n-nodes-langchain.openAi`), its Text: Message a Model operation. */
export const openAiNode: NodeTypeDefinition = {
  type: OPENAI_NODE_TYPE,
  displayName: 'OpenAI',
  versions: [...V1_VERSIONS, ...V2_VERSIONS],
  validate,
  execute,
};
