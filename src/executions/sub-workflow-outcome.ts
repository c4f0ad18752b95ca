import type { Item } from '../contracts/run-data';
import type { SubWorkflowOutcome } from '../contracts/node-services';
import type { ExecutionRecord, ExecutionSummary, StoredExecutionStatus } from '../store/types';

const ENDED: ReadonlySet<StoredExecutionStatus> = new Set(['success', 'error', 'crashed', 'cancelled']);

/** True once an execution can no longer change (what a parent waiting on it needs). */
export function hasEnded(status: StoredExecutionStatus): status is SubWorkflowOutcome['status'] {
  return ENDED.has(status);
}

/** What a child's end means to its caller: its last node's items, or its error and where. */
export function outcomeOf(summary: ExecutionSummary, record: ExecutionRecord | undefined): SubWorkflowOutcome {
  const status = hasEnded(summary.status) ? summary.status : 'error';
  if (status === 'success') return { executionId: summary.id, status, items: lastNodeOutput(record) };
  const error = record?.data.resultData.error;
  const where = error?.node?.name ? `, node "${error.node.name}"` : '';
  const name = record?.workflowData.name ?? summary.workflowId;
  return {
    executionId: summary.id,
    status,
    items: [],
    errorMessage: error?.message ?? summary.errorMessage ?? `Sub-workflow execution ${summary.id} ended with status ${summary.status}`,
    errorDescription: `Sub-workflow "${name}" (execution ${summary.id}${where}) ended with status ${summary.status}`,
  };
}

function lastNodeOutput(record: ExecutionRecord | undefined): Item[] {
  const data = record?.data.resultData;
  const last = data?.lastNodeExecuted;
  const runs = last ? data?.runData[last] : undefined;
  return runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
}
