import type { NodeRunRecord } from '../engine/hooks';
import type { ExecutionStatus, Run } from '../engine/run-data';
import type { ExecutionLogRecord, LogStatus, StoredExecutionStatus } from '../store/types';

/** n8n spells it `canceled`; the Odoo field and our store use the seed's `cancelled`. */
export function toStoredStatus(status: ExecutionStatus): StoredExecutionStatus {
  switch (status) {
    case 'canceled':
      return 'cancelled';
    case 'new':
      return 'queued';
    default:
      return status;
  }
}

export function toN8nStatus(status: StoredExecutionStatus): ExecutionStatus {
  return status === 'cancelled' ? 'canceled' : status;
}

const LOG_STATUS: Record<string, LogStatus> = {
  success: 'success',
  error: 'error',
  waiting: 'waiting',
  canceled: 'cancelled',
};

/** One `execution_logs` row for a node run. */
export function logFromNodeRun(record: NodeRunRecord): ExecutionLogRecord {
  const { task, node } = record;
  const log: ExecutionLogRecord = {
    nodeName: node.name,
    nodeId: node.id,
    runIndex: record.runIndex,
    sequence: task.executionIndex,
    startedAt: new Date(task.startTime),
    finishedAt: new Date(task.startTime + task.executionTime),
    status: task.error && task.executionStatus === 'error' ? 'error' : (LOG_STATUS[task.executionStatus] ?? 'success'),
    inputItems: record.inputItems,
    outputItems: task.data?.main ?? [],
  };
  if (task.error) log.errorMessage = task.error.message;
  return log;
}

/** The message an execution row shows for a failed or cancelled run. */
export function runErrorMessage(run: Run): string | undefined {
  const error = run.data.resultData.error;
  if (!error) return undefined;
  const nodeName = error.node?.name;
  return nodeName ? `${nodeName}: ${error.message}` : error.message;
}
