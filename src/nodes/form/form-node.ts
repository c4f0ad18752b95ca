import { NodeOperationError } from '../../errors';
import type { JsonValue } from '../../workflow/json';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { FORM_TRIGGER_NODE_TYPE } from './form-trigger-node';
import { nodeFormFields, pageTexts, parkOnForm } from './page-config';
import { formEndingPage } from './form-ending';
import { formWaitLimit } from './wait-limit';

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

/** True when another Form node follows this one, directly or further down. */
function hasFormPageBelow(ctx: NodeContext): boolean {
  const seen = new Set<string>([ctx.node.name]);
  const queue = [ctx.node.name];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const outputs of ctx.workflow.connectionsBySource.get(name) ?? []) {
      for (const connection of outputs) {
        if (seen.has(connection.node)) continue;
        seen.add(connection.node);
        if (ctx.workflow.nodes.get(connection.node)?.type === FORM_NODE_TYPE) return true;
        queue.push(connection.node);
      }
    }
  }
  return false;
}

/**
 * n8n's Form node: "Next Form Page" parks the run until the page at
 * `/form-waiting/<executionId>` is submitted (the node then outputs the submitted fields);
 * "Form Ending" parks until its completion screen is shown (it then outputs its input). Either
 * waits for ever, or until its "Limit Wait Time" passes (the run then goes on with the input).
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  if (!hasFormTriggerAbove(ctx)) throw new NodeOperationError(ctx.node.name, 'Form Trigger node must be set before this node');
  const operation = ctx.getParam<JsonValue>('operation', 0, 'page');
  if (operation === 'completion') {
    if (hasFormPageBelow(ctx)) throw new NodeOperationError(ctx.node.name, 'Completion has to be the last Form node in the workflow');
    parkOnForm(ctx, formEndingPage(ctx));
  } else if (operation === 'page') {
    parkOnForm(ctx, { kind: 'page', ...pageTexts(ctx, ctx.node.name), fields: nodeFormFields(ctx) });
  } else {
    throw new NodeOperationError(ctx.node.name, `Unknown operation "${String(operation)}": use "page" (Next Form Page) or "completion" (Form Ending)`);
  }
  // Without a limit the run waits for the person for ever (n8n's WAIT_INDEFINITELY).
  return { kind: 'wait', until: formWaitLimit(ctx) };
}

export const formNode: NodeTypeDefinition = {
  type: FORM_NODE_TYPE,
  aliases: ['form'],
  displayName: 'Form',
  versions: [1, 2.3, 2.4, 2.5],
  execute,
};
