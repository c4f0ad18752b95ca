import type { WorkflowNode } from '../../../workflow/types';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import type { Item, ItemsByIndex } from '../../../contracts/run-data';
import { triggerItems } from './trigger-input';

/**
 * n8n's setupOutputConnection: when `httpMethod` is a list (several methods allowed), one
 * output per method in the order listed, the call's items on its method's output and []
 * on the others. A run not started by a call (by hand, a retry from the start) uses output 0.
 */
function routeByMethod(ctx: NodeContext, items: Item[]): ItemsByIndex {
  const methods = methodList(ctx.node);
  if (!Array.isArray(methods) || methods.length === 0) return [items];
  const method = ctx.services.webhookRequest?.method.toUpperCase();
  const index = Math.max(0, methods.findIndex((candidate) => typeof candidate === 'string' && candidate.toUpperCase() === method));
  return methods.map((_, outputIndex) => (outputIndex === index ? items : []));
}

/**
 * n8n's Webhook trigger. The HTTP side (paths, methods, auth, body parsing, response
 * modes) lives in the trigger system, which starts the run with the request as the item;
 * the node hands that item on. With several HTTP methods allowed n8n draws one output
 * per method.
 */
function methodList(node: WorkflowNode): unknown {
  const { httpMethod, multipleMethods } = node.parameters;
  // n8n's default for "Allow Multiple HTTP Methods" is GET and POST.
  return httpMethod === undefined && multipleMethods === true ? ['GET', 'POST'] : httpMethod;
}

export function webhookOutputs(node: WorkflowNode): number {
  const methods = methodList(node);
  return Array.isArray(methods) && methods.length > 0 ? methods.length : 1;
}

export const webhookNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.webhook',
  aliases: ['webhook'],
  displayName: 'Webhook',
  versions: [1, 1.1, 2, 2.1],
  isTrigger: true,
  inputs: () => 0,
  outputs: webhookOutputs,
  execute: async (ctx) => routeByMethod(ctx, triggerItems(ctx)),
};
