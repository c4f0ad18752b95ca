import type { Workflow, WorkflowNode } from '../workflow/types';

export const WEBHOOK_NODE_TYPE = 'n8n-nodes-base.webhook';
export const SCHEDULE_NODE_TYPE = 'n8n-nodes-base.scheduleTrigger';
export const RESPOND_TO_WEBHOOK_NODE_TYPE = 'n8n-nodes-base.respondToWebhook';
export const FORM_TRIGGER_NODE_TYPE = 'n8n-nodes-base.formTrigger';

/** Trigger types activation registers; a workflow needs at least one of them enabled. */
export const ACTIVATABLE_TRIGGER_TYPES: readonly string[] = [WEBHOOK_NODE_TYPE, SCHEDULE_NODE_TYPE, FORM_TRIGGER_NODE_TYPE];

export function enabledNodesOfType(workflow: Workflow, type: string): WorkflowNode[] {
  return [...workflow.nodes.values()].filter((node) => node.type === type && !node.disabled);
}

/** `"name" (id)`, as n8n names a workflow in its activation messages. */
export function describeWorkflow(workflow: Pick<Workflow, 'name' | 'id'>): string {
  return `"${workflow.name}" (${workflow.id})`;
}
