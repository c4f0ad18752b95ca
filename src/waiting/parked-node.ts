import { readWaitWebhookConfig, WAIT_WEBHOOK_STATE_KEY, type WaitWebhookConfig } from '../nodes/flow';
import type { ExecutionRecord } from '../store/types';
import { isJsonObject } from '../workflow/json';
import type { NodeJson } from '../workflow/types';

export interface ParkedNode {
  name: string;
  /** The node as the execution's workflow snapshot has it (credentials included). */
  json?: NodeJson;
  /** Set when the node waits for a call to its resume URL. */
  webhook?: WaitWebhookConfig;
}

/** The node a waiting execution is parked at: the head of its saved run stack. */
export function parkedNode(record: ExecutionRecord): ParkedNode | undefined {
  const name = record.data?.executionData?.nodeExecutionStack?.[0]?.node;
  if (name === undefined) return undefined;
  // The Wait node leaves its webhook settings in its node state when it parks.
  const nodeState = record.data.executionData.nodeState?.[name];
  const webhook = isJsonObject(nodeState) ? readWaitWebhookConfig(nodeState[WAIT_WEBHOOK_STATE_KEY]) : undefined;
  return { name, json: record.workflowData.nodes.find((node) => node.name === name), webhook };
}
