import type { ExecutionRecord, ExecutionSummary } from './types';

/** An execution without its heavy parts (workflow snapshot, run data, node logs), as lists show it. */
export function summaryOf(record: ExecutionRecord): ExecutionSummary {
  const { workflowData: _workflowData, data: _data, logs: _logs, ...summary } = record;
  return summary;
}
