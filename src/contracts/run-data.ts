import type { JsonObject } from '../workflow/json';
import type { WorkflowNode } from '../workflow/types';

/** n8n's IPairedItemData: which input item an output item came from. */
export interface PairedItem {
  item: number;
  input?: number;
  sourceOverwrite?: TaskSourceEntry;
}

/**
 * n8n's IBinaryData. Small files keep their bytes base64 in `data`; larger ones live in the
 * binary store and `data` says the mode (`filesystem-v2`) while `id` references the file.
 */
export interface BinaryData {
  data: string;
  mimeType: string;
  fileType?: string;
  fileName?: string;
  directory?: string;
  fileExtension?: string;
  fileSize?: string;
  bytes?: number;
  id?: string;
  [key: string]: unknown;
}

/** n8n's INodeExecutionData. */
export interface Item {
  json: JsonObject;
  binary?: Record<string, BinaryData>;
  pairedItem?: PairedItem | PairedItem[] | number;
  error?: SerializedError;
}

/** Items per output (or input) index; `null` where nothing was sent, as n8n stores it. */
export type ItemsByIndex = Array<Item[] | null>;

/** n8n's ISourceData. */
export interface TaskSourceEntry {
  previousNode: string;
  previousNodeOutput?: number;
  previousNodeRun?: number;
}

export interface TaskSource {
  main: Array<TaskSourceEntry | null>;
}

/** An error as stored in run data (n8n's serialised NodeApiError/NodeOperationError shape). */
export interface SerializedError {
  message: string;
  name: string;
  description?: string | null;
  node?: { name: string; type: string; typeVersion?: number; id?: string };
  stack?: string;
  timestamp?: number;
  context?: JsonObject;
  httpCode?: string | null;
  [key: string]: unknown;
}

export type TaskStatus = 'success' | 'error' | 'waiting' | 'canceled' | 'crashed' | 'running';

/**
 * Items by connection type: `main` for ordinary runs; a sub-node's run keeps its data under
 * its connection type (`ai_languageModel`...) instead, as n8n records it.
 */
export interface TaskOutputs {
  main?: ItemsByIndex;
  [connectionType: string]: ItemsByIndex | undefined;
}

/** n8n's ITaskData: one run of one node. */
export interface TaskData {
  startTime: number;
  executionTime: number;
  executionIndex: number;
  executionStatus: TaskStatus;
  source: Array<TaskSourceEntry | null>;
  data?: TaskOutputs;
  /** A sub-node run's input (n8n's inputOverride), keyed by its connection type. */
  inputOverride?: TaskOutputs;
  error?: SerializedError;
  hints?: JsonObject[];
  /** n8n's task metadata: the tokens a node's own API calls used (the OpenAI node). */
  metadata?: TaskMetadata;
}

/** n8n's ITaskMetadata, the part this service writes. */
export interface TaskMetadata {
  tokenUsage?: { inputTokens: number; outputTokens: number };
}

export type RunData = Record<string, TaskData[]>;

/** n8n's IExecuteData: one entry of the node execution stack. */
export interface StackEntry {
  node: string;
  data: { main: ItemsByIndex };
  source: TaskSource | null;
}

/** Inputs gathered for a multi-input node: waitingExecution[node][runIndex].main[input]. */
export type WaitingExecution = Record<string, Record<number, { main: ItemsByIndex }>>;
export type WaitingExecutionSource = Record<string, Record<number, TaskSource>>;

/** n8n's IRunExecutionData: the whole, serialisable state of one run. */
export interface RunExecutionData {
  /**
   * n8n's startData. A partial run sets `destinationNode` and `runNodeFilter` (the nodes it may
   * run: the destination and the parents without saved data); nothing outside it runs.
   */
  startData: { destinationNode?: string; startNodes?: string[]; runNodeFilter?: string[] };
  resultData: {
    runData: RunData;
    pinData?: Record<string, Array<{ json: JsonObject }>>;
    lastNodeExecuted?: string;
    error?: SerializedError;
    /** The execution's custom data (n8n's `metadata`, set by the Execution Data node). */
    metadata?: Record<string, string>;
  };
  executionData: {
    nodeExecutionStack: StackEntry[];
    waitingExecution: WaitingExecution;
    waitingExecutionSource: WaitingExecutionSource;
    /** Our counters, kept in the state so a resumed run continues them. */
    nextExecutionIndex: number;
    nodeRunCount: number;
    /** Each node's own state in this run (Loop Over Items' buffers, a Wait's webhook settings). */
    nodeState?: Record<string, JsonObject>;
  };
  /** ISO time a Wait node parks until; absent when not waiting. */
  waitTill?: string;
  /** Item data a resume call delivers to the parked node. */
  resumeData?: { node: string; items: Item[] };
}

/** n8n's execution statuses (n8n spelling; the Odoo field uses `cancelled`). */
export type ExecutionStatus =
  | 'new'
  | 'running'
  | 'waiting'
  | 'success'
  | 'error'
  | 'canceled'
  | 'crashed'
  | 'queued';

export type ExecutionMode = 'manual' | 'production' | 'partial' | 'retry' | 'integrated' | 'error' | 'webhook' | 'trigger';

/** n8n's IRun. */
export interface Run {
  data: RunExecutionData;
  status: ExecutionStatus;
  mode: ExecutionMode;
  finished: boolean;
  startedAt: string;
  stoppedAt?: string;
  waitTill?: string;
}

export type { WorkflowNode };
