import type { ExecutionMode, Item, ItemsByIndex, RunExecutionData } from '../../contracts/run-data';
import type { WorkflowJson } from '../../workflow/types';
import type {
  ExecutionLogRecord,
  ExecutionRecord,
  ExecutionSummary,
  LogStatus,
  StoredExecutionStatus,
} from '../types';

/** Columns of `executions` a summary needs: everything but the two JSON documents. */
export const SUMMARY_COLUMNS =
  'execution_id, canvas_id, workflow_id, mode, status, finished, started_at, stopped_at, wait_till, resume_url, ' +
  'error_message, retry_of, retry_success_id, parent_execution_id, request_id, partial_of, worker';

export interface SummaryRow {
  execution_id: string;
  canvas_id: string;
  workflow_id: string;
  mode: string;
  status: string;
  finished: number;
  started_at: number;
  stopped_at: number | null;
  wait_till: number | null;
  resume_url: string | null;
  error_message: string | null;
  retry_of: string | null;
  retry_success_id: string | null;
  parent_execution_id: string | null;
  request_id: string | null;
  partial_of: string | null;
  worker: string | null;
}

export interface ExecutionRow extends SummaryRow {
  id: number;
  workflow_snapshot: string;
  execution_data: string;
}

/** Parameters of the upsert, named as the columns. */
export type ExecutionParams = Omit<ExecutionRow, 'id'>;

export interface LogRow {
  node_id: string | null;
  node_name: string;
  sequence: number;
  run_index: number;
  started_at: number;
  finished_at: number | null;
  status: string;
  input_data: string | null;
  output_data: string | null;
  error_message: string | null;
}

export type LogParams = LogRow & { execution_row_id: number };

function millis(date: Date | undefined): number | null {
  return date === undefined ? null : date.getTime();
}

/**
 * Every execution of a workflow stores the same snapshot object: its text is made once.
 * Only snapshots without static data are kept, since a node may change static data in place
 * (Remove Duplicates' history), and that object is the snapshot's own.
 */
const snapshotTexts = new WeakMap<object, string>();

function snapshotText(workflow: WorkflowJson): string {
  if (workflow === null || typeof workflow !== 'object') return JSON.stringify(workflow);
  let text = snapshotTexts.get(workflow);
  if (text === undefined) {
    text = JSON.stringify(workflow);
    if (workflow.staticData === undefined || workflow.staticData === null) snapshotTexts.set(workflow, text);
  }
  return text;
}

export function executionParams(record: ExecutionRecord): ExecutionParams {
  return {
    execution_id: record.id,
    canvas_id: record.canvasId,
    workflow_id: record.workflowId,
    mode: record.mode,
    status: record.status,
    finished: record.finished ? 1 : 0,
    started_at: record.startedAt.getTime(),
    stopped_at: millis(record.stoppedAt),
    wait_till: millis(record.waitTill),
    resume_url: record.resumeUrl ?? null,
    error_message: record.errorMessage ?? null,
    retry_of: record.retryOf ?? null,
    retry_success_id: record.retrySuccessId ?? null,
    parent_execution_id: record.parentExecutionId ?? null,
    request_id: record.requestId ?? null,
    partial_of: record.partialOf ?? null,
    worker: record.worker ?? null,
    workflow_snapshot: snapshotText(record.workflowData),
    execution_data: JSON.stringify(record.data),
  };
}

export function logParams(executionRowId: number, log: ExecutionLogRecord): LogParams {
  return {
    execution_row_id: executionRowId,
    node_id: log.nodeId ?? null,
    node_name: log.nodeName,
    sequence: log.sequence,
    run_index: log.runIndex,
    started_at: log.startedAt.getTime(),
    finished_at: millis(log.finishedAt),
    status: log.status,
    input_data: JSON.stringify(log.inputItems),
    output_data: JSON.stringify(log.outputItems),
    error_message: log.errorMessage ?? null,
  };
}

/** Absent optional fields stay absent (not `undefined`), as a record built in memory. */
export function summaryFromRow(row: SummaryRow): ExecutionSummary {
  const summary: ExecutionSummary = {
    id: row.execution_id,
    canvasId: row.canvas_id,
    workflowId: row.workflow_id,
    mode: row.mode as ExecutionMode,
    status: row.status as StoredExecutionStatus,
    finished: row.finished === 1,
    startedAt: new Date(row.started_at),
  };
  if (row.stopped_at !== null) summary.stoppedAt = new Date(row.stopped_at);
  if (row.wait_till !== null) summary.waitTill = new Date(row.wait_till);
  if (row.resume_url !== null) summary.resumeUrl = row.resume_url;
  if (row.error_message !== null) summary.errorMessage = row.error_message;
  if (row.retry_of !== null) summary.retryOf = row.retry_of;
  if (row.retry_success_id !== null) summary.retrySuccessId = row.retry_success_id;
  if (row.parent_execution_id !== null) summary.parentExecutionId = row.parent_execution_id;
  if (row.request_id !== null) summary.requestId = row.request_id;
  if (row.partial_of !== null) summary.partialOf = row.partial_of;
  if (row.worker !== null) summary.worker = row.worker;
  return summary;
}

export function recordFromRows(row: ExecutionRow, logRows: LogRow[]): ExecutionRecord {
  return {
    ...summaryFromRow(row),
    workflowData: JSON.parse(row.workflow_snapshot) as WorkflowJson,
    data: JSON.parse(row.execution_data) as RunExecutionData,
    logs: logRows.map(logFromRow),
  };
}

function logFromRow(row: LogRow): ExecutionLogRecord {
  const log: ExecutionLogRecord = {
    nodeName: row.node_name,
    runIndex: row.run_index,
    sequence: row.sequence,
    startedAt: new Date(row.started_at),
    status: row.status as LogStatus,
    inputItems: row.input_data === null ? [] : (JSON.parse(row.input_data) as Item[]),
    outputItems: row.output_data === null ? [] : (JSON.parse(row.output_data) as ItemsByIndex),
  };
  if (row.node_id !== null) log.nodeId = row.node_id;
  if (row.finished_at !== null) log.finishedAt = new Date(row.finished_at);
  if (row.error_message !== null) log.errorMessage = row.error_message;
  return log;
}

type PatchableField = Exclude<keyof ExecutionSummary, 'id'>;
type ColumnValue = string | number | null;

/** How each patchable summary field is written: its column and its conversion. */
export const PATCH_COLUMNS: Record<PatchableField, { column: string; toColumn: (value: unknown) => ColumnValue }> = {
  canvasId: { column: 'canvas_id', toColumn: (value) => value as string },
  workflowId: { column: 'workflow_id', toColumn: (value) => value as string },
  mode: { column: 'mode', toColumn: (value) => value as string },
  status: { column: 'status', toColumn: (value) => value as string },
  finished: { column: 'finished', toColumn: (value) => (value === true ? 1 : 0) },
  startedAt: { column: 'started_at', toColumn: (value) => millis(value as Date) },
  stoppedAt: { column: 'stopped_at', toColumn: (value) => millis(value as Date | undefined) },
  waitTill: { column: 'wait_till', toColumn: (value) => millis(value as Date | undefined) },
  resumeUrl: { column: 'resume_url', toColumn: (value) => (value as string | undefined) ?? null },
  errorMessage: { column: 'error_message', toColumn: (value) => (value as string | undefined) ?? null },
  retryOf: { column: 'retry_of', toColumn: (value) => (value as string | undefined) ?? null },
  retrySuccessId: { column: 'retry_success_id', toColumn: (value) => (value as string | undefined) ?? null },
  parentExecutionId: { column: 'parent_execution_id', toColumn: (value) => (value as string | undefined) ?? null },
  requestId: { column: 'request_id', toColumn: (value) => (value as string | undefined) ?? null },
  partialOf: { column: 'partial_of', toColumn: (value) => (value as string | undefined) ?? null },
  worker: { column: 'worker', toColumn: (value) => (value as string | undefined) ?? null },
};

export function isPatchableField(key: string): key is PatchableField {
  return Object.prototype.hasOwnProperty.call(PATCH_COLUMNS, key);
}
