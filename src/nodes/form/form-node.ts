import { NodeOperationError } from '../../errors';
import type { JsonValue } from '../../workflow/json';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { FORM_TRIGGER_NODE_TYPE } from './form-trigger-node';
import { nodeFormFields, pageTexts, parkOnForm } from './page-config';

export const FORM_NODE_TYPE = 'n8n-nodes-base.form';

/** True when a Form Trigger feeds this node, directly or further up (n8n requires one). */
function hasFormTriggerAbove(ctx: NodeContext): boolean {
  const seen = new Set<string>();
  const queue = [ctx.node.name];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const incoming of ctx.workflow.connectionsByDestination.get(name) ?? []) {
      if (seen.has(incoming.sourceNode)) continue;
      seen.add(incoming.sourceNode);
      if (ctx.workflow.nodes.get(incoming.sourceNode)?.type === FORM_TRIGGER_NODE_TYPE) return true;
      queue.push(incoming.sourceNode);
    }
  }
  return false;
}

/**
 * n8n's Form node: "Next Form Page" parks the run until the page at
 * `/form-waiting/<executionId>` is submitted (the node then outputs the submitted fields);
 * "Form Ending" parks until its completion screen is shown (it then outputs its input).
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  if (!hasFormTriggerAbove(ctx)) throw new NodeOperationError(ctx.node.name, 'Form Trigger node must be set before this node');
  const operation = ctx.getParam<JsonValue>('operation', 0, 'page');
  if (operation === 'completion') {
    const respondWith = ctx.getParam<JsonValue>('respondWith', 0, 'text');
    if (respondWith !== 'text' && respondWith !== 'showText') {
      throw new NodeOperationError(ctx.node.name, `The Form Ending option "${String(respondWith)}" is not supported by this service: use "Show Completion Screen" or "Show Text"`);
    }
    const title = String(ctx.getParam<JsonValue>('completionTitle', 0, '') ?? '');
    const message = String(ctx.getParam<JsonValue>(respondWith === 'showText' ? 'responseText' : 'completionMessage', 0, '') ?? '');
    parkOnForm(ctx, { kind: 'completion', ...pageTexts(ctx, title), fields: [], completionTitle: title, completionMessage: message });
  } else if (operation === 'page') {
    parkOnForm(ctx, { kind: 'page', ...pageTexts(ctx, ctx.node.name), fields: nodeFormFields(ctx) });
  } else {
    throw new NodeOperationError(ctx.node.name, `Unknown operation "${String(operation)}": use "page" (Next Form Page) or "completion" (Form Ending)`);
  }
  return { kind: 'wait' };
}

export const formNode: NodeTypeDefinition = {
  type: FORM_NODE_TYPE,
  aliases: ['form'],
  displayName: 'Form',
  versions: [1, 2.3, 2.4, 2.5],
  execute,
};
