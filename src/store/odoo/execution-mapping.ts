import type { JsonObject, JsonValue } from '../../workflow/json';
import type { WorkflowJson } from '../../workflow/types';
import type { ExecutionMode } from '../../contracts/run-data';
import { fromOdooDatetime, toOdooDatetime } from '../../odoo/datetime';
import { emptyRunState } from '../../engine/run-state';
import type { TokenUsage } from '../../contracts/ai';
import { sumTokenUsage } from '../../contracts/token-usage';
import type {
  ExecutionLogRecord,
  ExecutionRecord,
  ExecutionSummary,
  LogStatus,
  StoredExecutionStatus,
} from '../types';

/** The Many2one fields of `executions` that point at other executions, by summary key. */
export const REFERENCE_FIELDS = {
  retryOf: 'retry_of',
  retrySuccessId: 'retry_success_id',
  parentExecutionId: 'parent_execution_id',
  partialOf: 'partial_of',
} as const;
export type ReferenceKey = keyof typeof REFERENCE_FIELDS;
export const REFERENCE_KEYS = Object.keys(REFERENCE_FIELDS) as ReferenceKey[];

/** Odoo record id of an execution_id, false when it is not in Odoo. */
export type ResolveExecution = (executionId: string) => number | false;

const ODOO_MODES = new Set(['manual', 'production', 'partial', 'retry', 'integrated', 'error']);

/** The addon's selection has no `webhook`/`trigger`: both are n8n's production runs. */
export function toOdooMode(mode: ExecutionMode): string {
  return ODOO_MODES.has(mode) ? mode : 'production';
}

function dateOrFalse(date: Date | undefined): string | false {
  return date ? toOdooDatetime(date) : false;
}

/** Odoo keeps whole seconds: a wait is rounded up, so Odoo never lists it as due too early. */
function waitTillOrFalse(date: Date | undefined): string | false {
  return date ? toOdooDatetime(new Date(Math.ceil(date.getTime() / 1000) * 1000)) : false;
}

function durationSeconds(record: Pick<ExecutionRecord, 'startedAt' | 'stoppedAt'>): number {
  return record.stoppedAt ? (record.stoppedAt.getTime() - record.startedAt.getTime()) / 1000 : 0;
}

/** Summary fields as `executions` values; references resolved by the caller. */
export function summaryValues(fields: Partial<ExecutionSummary>, resolve: ResolveExecution): JsonObject {
  const values: JsonObject = {};
  const set = (key: keyof ExecutionSummary, field: string, value: () => JsonValue): void => {
    if (key in fields) values[field] = value();
  };
  set('id', 'execution_id', () => fields.id ?? false);
  set('canvasId', 'canvas_id', () => Number(fields.canvasId));
  set('mode', 'mode', () => toOdooMode(fields.mode ?? 'manual'));
  set('status', 'status', () => fields.status ?? 'running');
  set('finished', 'finished', () => fields.finished === true);
  set('startedAt', 'started_at', () => dateOrFalse(fields.startedAt));
  set('stoppedAt', 'stopped_at', () => dateOrFalse(fields.stoppedAt));
  set('waitTill', 'wait_till', () => waitTillOrFalse(fields.waitTill));
  set('resumeUrl', 'resume_url', () => fields.resumeUrl ?? false);
  set('errorMessage', 'error_message', () => fields.errorMessage ?? false);
  set('requestId', 'request_id', () => fields.requestId || false);
  // Sent only when set (queue mode), so regular mode's writes stay as they were.
  if (fields.worker) values.worker = fields.worker;
  for (const key of REFERENCE_KEYS) {
    set(key, REFERENCE_FIELDS[key], () => {
      const executionId = fields[key];
      return executionId ? resolve(executionId) : false;
    });
  }
  if (fields.startedAt && 'stoppedAt' in fields) {
    values.duration = durationSeconds({ startedAt: fields.startedAt, stoppedAt: fields.stoppedAt });
  }
  return values;
}

/**
 * Optional summary fields: listed so that a whole-record write also clears them in Odoo.
 * `partialOf` is not: it is written only on partial runs (and read back with the others), so
 * that the writes of every other execution stay as they were.
 */
const OPTIONAL_SUMMARY_FIELDS: Partial<ExecutionSummary> = {
  stoppedAt: undefined,
  waitTill: undefined,
  resumeUrl: undefined,
  errorMessage: undefined,
  requestId: undefined,
  retryOf: undefined,
  retrySuccessId: undefined,
  parentExecutionId: undefined,
};

/** A whole execution as `executions` values, without its logs. */
export function executionValues(record: ExecutionRecord, resolve: ResolveExecution): JsonObject {
  const { workflowData, data, logs: _logs, ...summary } = record;
  const customData = customDataText(data.resultData.metadata);
  return {
    ...summaryValues({ ...OPTIONAL_SUMMARY_FIELDS, ...summary }, resolve),
    workflow_snapshot: JSON.stringify(workflowData),
    execution_data: JSON.stringify(data),
    error_node: data.resultData.error?.node?.name ?? false,
    last_node_executed: data.resultData.lastNodeExecuted ?? false,
    // Sent only when set: custom data never goes away once saved, and runs without any keep
    // their writes as they were.
    ...(customData ? { custom_data: customData } : {}),
    // Likewise only for runs that called a model: other writes stay as they were.
    ...tokenValues(sumTokenUsage(data.resultData.runData)),
  };
}

/** Token counts as the `prompt_tokens` / `completion_tokens` / `total_tokens` fields; none without usage. */
export function tokenValues(usage: TokenUsage | undefined): JsonObject {
  if (!usage) return {};
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}

/**
 * The execution's custom data (Execution Data node) as `executions.custom_data`: one JSON
 * object, keys in the order set, so the list shows it and a search on the text finds it.
 */
export function customDataText(metadata: Record<string, string> | undefined): string | false {
  return metadata && Object.keys(metadata).length > 0 ? JSON.stringify(metadata) : false;
}

/** One `execution_logs` row's values; `nodeId` is the `nodes` record, when the node has one. */
export function logValues(log: ExecutionLogRecord, nodeId: number | false): JsonObject {
  return {
    node_id: nodeId,
    node_name: log.nodeName,
    sequence: log.sequence,
    run_index: log.runIndex,
    started_at: toOdooDatetime(log.startedAt),
    finished_at: dateOrFalse(log.finishedAt),
    duration: log.finishedAt ? log.finishedAt.getTime() - log.startedAt.getTime() : 0,
    status: log.status,
    input_data: JSON.stringify(log.inputItems),
    output_data: JSON.stringify(log.outputItems),
    error_message: log.errorMessage ?? false,
    ...tokenValues(log.tokenUsage),
  };
}

/** What a read needs to rebuild a summary; a Many2one comes back as `{id, execution_id}` or false. */
const REF_SPEC = { fields: { execution_id: {} } };
export const EXECUTION_SUMMARY_SPEC: JsonObject = {
  execution_id: {},
  canvas_id: { fields: { workflow_id: {} } },
  mode: {},
  status: {},
  finished: {},
  started_at: {},
  stopped_at: {},
  wait_till: {},
  resume_url: {},
  error_message: {},
  request_id: {},
  retry_of: REF_SPEC,
  retry_success_id: REF_SPEC,
  parent_execution_id: REF_SPEC,
  partial_of: REF_SPEC,
};

const LOG_FIELDS = [
  'node_name',
  'sequence',
  'run_index',
  'started_at',
  'finished_at',
  'status',
  'input_data',
  'output_data',
  'error_message',
];
export const EXECUTION_RECORD_SPEC: JsonObject = {
  ...EXECUTION_SUMMARY_SPEC,
  workflow_snapshot: {},
  execution_data: {},
  execution_log_ids: { fields: { ...Object.fromEntries(LOG_FIELDS.map((field) => [field, {}])), node_id: {} } },
};

type Ref = { id: number; execution_id: string | false } | false;
export type ExecutionRow = {
  id: number;
  execution_id: string;
  canvas_id: { id: number; workflow_id: string | false } | false;
  mode: string;
  status: string;
  finished: boolean;
  started_at: string;
  stopped_at: string | false;
  wait_till: string | false;
  resume_url: string | false;
  error_message: string | false;
  request_id: string | false;
  retry_of: Ref;
  retry_success_id: Ref;
  parent_execution_id: Ref;
  partial_of?: Ref;
  workflow_snapshot?: string | false;
  execution_data?: string | false;
  execution_log_ids?: LogRow[];
};
export type LogRow = {
  id: number;
  node_id: number | false | { id: number };
  node_name: string;
  sequence: number;
  run_index: number;
  started_at: string;
  finished_at: string | false;
  status: string;
  input_data: string | false;
  output_data: string | false;
  error_message: string | false;
};

function text(value: string | false): string | undefined {
  return value === false || value === '' ? undefined : value;
}

function refId(ref: Ref): string | undefined {
  return ref && ref.execution_id ? ref.execution_id : undefined;
}

export function summaryFromRow(row: ExecutionRow): ExecutionSummary {
  const summary: ExecutionSummary = {
    id: row.execution_id,
    canvasId: row.canvas_id ? String(row.canvas_id.id) : '',
    workflowId: row.canvas_id ? row.canvas_id.workflow_id || String(row.canvas_id.id) : '',
    mode: row.mode as ExecutionMode,
    status: row.status as StoredExecutionStatus,
    finished: row.finished,
    startedAt: fromOdooDatetime(row.started_at) ?? new Date(0),
    stoppedAt: fromOdooDatetime(row.stopped_at),
    waitTill: fromOdooDatetime(row.wait_till),
    resumeUrl: text(row.resume_url),
    errorMessage: text(row.error_message),
    retryOf: refId(row.retry_of),
    retrySuccessId: refId(row.retry_success_id),
    parentExecutionId: refId(row.parent_execution_id),
    partialOf: refId(row.partial_of ?? false),
    requestId: text(row.request_id),
  };
  for (const key of Object.keys(summary) as Array<keyof ExecutionSummary>) {
    if (summary[key] === undefined) delete summary[key];
  }
  return summary;
}

function parseOr<T>(value: string | false | undefined, fallback: T): T {
  if (!value) return fallback;
  return JSON.parse(value) as T;
}

export function logFromRow(row: LogRow): ExecutionLogRecord {
  const nodeId = typeof row.node_id === 'number' ? row.node_id : row.node_id ? row.node_id.id : undefined;
  const log: ExecutionLogRecord = {
    nodeName: row.node_name,
    runIndex: row.run_index,
    sequence: row.sequence,
    startedAt: fromOdooDatetime(row.started_at) ?? new Date(0),
    finishedAt: fromOdooDatetime(row.finished_at),
    status: row.status as LogStatus,
    inputItems: parseOr(row.input_data, []),
    outputItems: parseOr(row.output_data, []),
  };
  if (nodeId !== undefined) log.nodeId = String(nodeId);
  if (row.error_message) log.errorMessage = row.error_message;
  if (!log.finishedAt) delete log.finishedAt;
  return log;
}

export function recordFromRow(row: ExecutionRow): ExecutionRecord {
  return {
    ...summaryFromRow(row),
    workflowData: parseOr<WorkflowJson>(row.workflow_snapshot, { nodes: [], connections: {} }),
    data: parseOr(row.execution_data, emptyRunState()),
    logs: [...(row.execution_log_ids ?? [])]
      .sort((a, b) => a.sequence - b.sequence || a.id - b.id)
      .map(logFromRow),
  };
}
