import type { ResumePayload } from '../contracts/node-services';
import type { Item, RunExecutionData } from '../contracts/run-data';
import type { StartRequest } from '../executions/execution-service';
import type { ExecutionRecord, ExecutionSummary } from '../store/types';
import type { WorkflowJson } from '../workflow/types';

/** A workflow carried by value (retries, partial runs, inline sub-workflows, error workflows of the run itself). */
export interface InlineWorkflow {
  json: WorkflowJson;
  workflowId: string;
  name: string;
  canvasId: string;
}

/** What a start request carries to the worker as it is (all of it JSON). */
type CarriedStartFields =
  | 'mode'
  | 'triggerItems'
  | 'startNode'
  | 'requestId'
  | 'parentExecutionId'
  | 'retryOf'
  | 'partialOf'
  | 'depth'
  | 'resumeState'
  | 'priorLogs'
  | 'keepRecord';

/** A new run: everything a worker needs, as JSON. */
export interface StartJob extends Pick<StartRequest, CarriedStartFields> {
  kind: 'start';
  executionId: string;
  /** Canvas id to load (the stored workflow), or the workflow itself. */
  canvasId?: string;
  inline?: InlineWorkflow;
  /** The method of the webhook call that started it (the Webhook node routes by it). */
  webhookMethod?: string;
  /** A Respond to Webhook reply is relayed to the main holding the caller. */
  relayReply?: boolean;
}

/** A parked run to continue: a resume URL called on a main, or its wait's time come. */
export interface ResumeJob {
  kind: 'resume';
  executionId: string;
  items?: Item[];
  payload?: ResumePayload;
  /** Only if the wait ends by then (timed waits). */
  dueBy?: string;
  /** Which wait of the run this resumes: the claim key (see `waitIndex`). */
  waitIndex: number;
  /** A timed wait's delayed job: it claims the resume itself when its time comes. */
  timer?: boolean;
  relayReply?: boolean;
}

export type ExecutionJob = StartJob | ResumeJob;

/** Messages every process hears on the queue's broadcast channel. */
export type QueueMessage =
  | { type: 'done'; executionId: string; summary: ExecutionSummary; record?: ExecutionRecord }
  | { type: 'reply'; executionId: string; reply: RelayedReply }
  | { type: 'stop'; executionId: string };

/** A broadcast message, or undefined for anything that is not one of ours. */
export function parseMessage(text: string): QueueMessage | undefined {
  try {
    const message = JSON.parse(text) as QueueMessage;
    return typeof message?.executionId === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** A webhook reply as JSON: bytes as base64. */
export interface RelayedReply {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
  base64?: string;
}

/**
 * Counts the node runs a saved run holds: it grows at every park, so `<id>:<count>` names
 * one wait of one execution (the atomic claim that lets a resume happen once).
 */
export function waitIndex(data: RunExecutionData | undefined): number {
  let count = 0;
  for (const runs of Object.values(data?.resultData?.runData ?? {})) count += runs.length;
  return count;
}

export function resumeClaimKey(executionId: string, index: number): string {
  return `resume:${executionId}:${index}`;
}

const DATE_FIELDS = ['startedAt', 'stoppedAt', 'waitTill'] as const;

/** A summary read back from JSON: its dates are Dates again. */
export function reviveSummary<T extends ExecutionSummary>(value: T): T {
  const revived: Record<string, unknown> = { ...value };
  for (const field of DATE_FIELDS) {
    const raw = revived[field];
    if (typeof raw === 'string') revived[field] = new Date(raw);
  }
  return revived as T;
}

export function reviveRecord(value: ExecutionRecord): ExecutionRecord {
  const record = reviveSummary(value);
  record.logs = (record.logs ?? []).map((log) => ({
    ...log,
    startedAt: new Date(log.startedAt),
    finishedAt: log.finishedAt === undefined ? undefined : new Date(log.finishedAt),
  }));
  return record;
}
