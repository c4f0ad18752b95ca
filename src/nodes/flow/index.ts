import type { NodeTypeDefinition } from '../../contracts/node-type';
import { executeWorkflowNode } from './execute-workflow/execute-workflow-node';
import { waitNode } from './wait/wait-node';

export { WAIT_WEBHOOK_STATE_KEY, fromStateValue as readWaitWebhookConfig } from './wait/webhook-config';
export type { WaitWebhookConfig } from './wait/webhook-config';
export { SUB_WORKFLOW_WAIT_STATE_KEY, pendingChildrenOf, readParkedChild, subWorkflowFailure } from './execute-workflow/parked-child';
export type { ParkedChild } from './execute-workflow/parked-child';

/**
 * Nodes that park a run or hand work to another workflow. Their triggers (Execute Workflow
 * Trigger, Error Trigger) are core nodes.
 */
export const flowNodes: NodeTypeDefinition[] = [waitNode, executeWorkflowNode];
