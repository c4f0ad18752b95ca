import type { ExecutionStatus, RunExecutionData } from '../contracts/run-data';
import type { TokenUsage } from '../contracts/ai';
import { sumTokenUsage } from '../contracts/token-usage';
import { toN8nStatus } from '../executions/status';
import type { ExecutionRecord, ExecutionSummary } from '../store/types';
import type { WorkflowJson } from '../workflow/types';

/** One row of `GET /canvas/:id/executions`: the seed's `to_n8n_format` without the data. */
export interface N8nExecutionSummary {
  id: string;
  workflowId: string;
  finished: boolean;
  mode: string;
  status: ExecutionStatus;
  startedAt: string;
  stoppedAt: string | null;
  /** Seconds, as the seed's `executions.duration`; 0 while not stopped. */
  duration: number;
  waitTill: string | null;
  resumeUrl: string | null;
  errorMessage: string | null;
  retryOf: string | null;
  retrySuccessId: string | null;
  parentExecutionId: string | null;
  /** Set on a partial run: the execution whose saved items it started from. */
  partialOf: string | null;
  /** Queue mode: the worker that ran it (its id as GET /queue lists workers); null otherwise. */
  worker: string | null;
}

export interface N8nExecution extends N8nExecutionSummary {
  workflowData: WorkflowJson;
  data: RunExecutionData;
  /** What Execution Data nodes saved (n8n's `customData`), `{}` when nothing. */
  customData: Record<string, string>;
  /** Tokens every model call of the run reported, summed; null when no model ran. */
  tokenUsage: TokenUsage | null;
}

const iso = (date: Date | undefined): string | null => (date === undefined ? null : date.toISOString());

export function toN8nSummary(execution: ExecutionSummary): N8nExecutionSummary {
  const duration = execution.stoppedAt === undefined ? 0 : Math.max(0, execution.stoppedAt.getTime() - execution.startedAt.getTime()) / 1000;
  return {
    id: String(execution.id),
    workflowId: String(execution.workflowId),
    finished: execution.finished,
    mode: execution.mode,
    status: toN8nStatus(execution.status),
    startedAt: execution.startedAt.toISOString(),
    stoppedAt: iso(execution.stoppedAt),
    duration,
    waitTill: iso(execution.waitTill),
    resumeUrl: execution.resumeUrl ?? null,
    errorMessage: execution.errorMessage ?? null,
    retryOf: execution.retryOf === undefined ? null : String(execution.retryOf),
    retrySuccessId: execution.retrySuccessId === undefined ? null : String(execution.retrySuccessId),
    parentExecutionId: execution.parentExecutionId === undefined ? null : String(execution.parentExecutionId),
    partialOf: execution.partialOf === undefined ? null : String(execution.partialOf),
    worker: execution.worker ?? null,
  };
}

export function toN8nExecution(record: ExecutionRecord): N8nExecution {
  return {
    ...toN8nSummary(record),
    workflowData: record.workflowData,
    data: record.data,
    customData: { ...(record.data.resultData.metadata ?? {}) },
    tokenUsage: sumTokenUsage(record.data.resultData.runData) ?? null,
  };
}
