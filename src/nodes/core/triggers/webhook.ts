import type { WorkflowNode } from '../../../workflow/types';
import type { NodeTypeDefinition } from '../../../contracts/node-type';
import { triggerItems } from './trigger-input';

/**
 * n8n's Webhook trigger. The HTTP side (paths, methods, auth, body parsing, response
 * modes) lives in the trigger system, which starts the run with the request as the item;
 * the node hands that item on. With several HTTP methods allowed n8n draws one output
 * per method.
 */
export function webhookOutputs(node: WorkflowNode): number {
  const methods = node.parameters.httpMethod;
  return node.parameters.multipleMethods === true && Array.isArray(methods) && methods.length > 0 ? methods.length : 1;
}

export const webhookNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.webhook',
  aliases: ['webhook'],
  displayName: 'Webhook',
  versions: [1, 1.1, 2, 2.1],
  isTrigger: true,
  inputs: () => 0,
  outputs: webhookOutputs,
  execute: async (ctx) => [triggerItems(ctx)],
};
