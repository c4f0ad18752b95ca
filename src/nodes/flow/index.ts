import type { NodeTypeDefinition } from '../types';
import { errorTriggerNode } from './error-trigger';
import { executeWorkflowNode } from './execute-workflow/execute-workflow-node';
import { executeWorkflowTriggerNode } from './execute-workflow-trigger';
import { waitNode } from './wait/wait-node';

export { WAIT_WEBHOOK_STATE_KEY, fromStateValue as readWaitWebhookConfig } from './wait/webhook-config';
export type { WaitWebhookConfig } from './wait/webhook-config';

/** Nodes that park or hand work to other workflows (Wait, Execute Workflow and their triggers). */
export const flowNodes: NodeTypeDefinition[] = [waitNode, executeWorkflowNode, executeWorkflowTriggerNode, errorTriggerNode];
