import type { NodeRunRecord } from '../engine/hooks';
import type { Run } from '../contracts/run-data';
import type { ExecutionLogRecord } from '../store/types';
import { logStatusOf } from './status';
import { itemsForLog, outputsForLog } from './run-binary';
import { addTokenUsage } from '../contracts/ai';
import { taskMetadataTokenUsage, taskTokenUsage } from '../contracts/token-usage';

/**
 * Why a node run counts as failed in the log, even when the workflow went on: the run's own
 * error (onError continue...), or error items a node set to continue on fail put out instead
 * of throwing (n8n keeps such runs "successful"; an admin reading the log wants them marked).
 */
function failureOf(record: NodeRunRecord): string | undefined {
  const { task, node } = record;
  if (task.error) return task.error.message;
  if (node.onError === 'stopWorkflow') return undefined;
  for (const items of task.data?.main ?? []) {
    for (const item of items ?? []) {
      const error = item.error?.message ?? item.json.error;
      if (error === undefined || error === null) continue;
      if (typeof error === 'string') return error;
      const message = typeof error === 'object' && !Array.isArray(error) ? error.message : undefined;
      return typeof message === 'string' ? message : JSON.stringify(error);
    }
  }
  return undefined;
}

/** One `execution_logs` row for a node run. */
export function logFromNodeRun(record: NodeRunRecord): ExecutionLogRecord {
  const { task, node } = record;
  const failure = failureOf(record);
  const log: ExecutionLogRecord = {
    nodeName: node.name,
    nodeId: node.id,
    runIndex: record.runIndex,
    sequence: task.executionIndex,
    startedAt: new Date(task.startTime),
    finishedAt: new Date(task.startTime + task.executionTime),
    status: failure !== undefined && task.executionStatus !== 'waiting' ? 'error' : logStatusOf(task.executionStatus),
    inputItems: itemsForLog(record.inputItems),
    // A sub-node's run keeps its output under its connection type (ai_tool, ai_languageModel...).
    outputItems: outputsForLog(task.data?.main ?? Object.values(task.data ?? {})[0] ?? []),
  };
  if (failure !== undefined) log.errorMessage = failure;
  const tokenUsage = addTokenUsage(taskTokenUsage(task), taskMetadataTokenUsage(task));
  if (tokenUsage) log.tokenUsage = tokenUsage;
  return log;
}

/** The message an execution row shows for a failed or cancelled run. */
export function runErrorMessage(run: Run): string | undefined {
  const error = run.data.resultData.error;
  if (!error) return undefined;
  const nodeName = error.node?.name;
  return nodeName ? `${nodeName}: ${error.message}` : error.message;
}
