import type { JsonValue } from '../workflow/json';
import type { WorkflowJson } from '../workflow/types';
import type { ExecutionMode, Item, ItemsByIndex, RunExecutionData } from '../contracts/run-data';
import type { TokenUsage } from '../contracts/ai';

/** Execution status as stored (the seed's spelling: `cancelled`). */
export type StoredExecutionStatus =
  | 'queued'
  | 'running'
  | 'waiting'
  | 'success'
  | 'error'
  | 'cancelled'
  | 'crashed';

export type LogStatus = 'success' | 'error' | 'waiting' | 'cancelled';

/** One row of `execution_logs`: one run of one node. */
export interface ExecutionLogRecord {
  nodeName: string;
  /** The Odoo `nodes` record id or the n8n node id; absent for inline sub-workflows. */
  nodeId?: string;
  runIndex: number;
  /** Order of the node run in the execution (n8n's executionIndex). */
  sequence: number;
  startedAt: Date;
  finishedAt?: Date;
  status: LogStatus;
  inputItems: Item[];
  outputItems: ItemsByIndex;
  errorMessage?: string;
  /** A model call's token usage (a model sub-node run, or the OpenAI node's own calls). */
  tokenUsage?: TokenUsage;
}

/** One row of `executions`, store-neutral. */
export interface ExecutionRecord {
  /** `execution_id`: a UUIDv7 the sidecar makes. */
  id: string;
  /** The canvas id in this store (Odoo record id, or the embedded workflow id). */
  canvasId: string;
  /** n8n's workflowId (`canvas.workflow_id`). */
  workflowId: string;
  mode: ExecutionMode;
  status: StoredExecutionStatus;
  finished: boolean;
  startedAt: Date;
  stoppedAt?: Date;
  waitTill?: Date;
  resumeUrl?: string;
  errorMessage?: string;
  retryOf?: string;
  /** The execution whose saved data a partial run (`POST /executions/:id/run-node`) started from. */
  partialOf?: string;
  retrySuccessId?: string;
  parentExecutionId?: string;
  /** Idempotency key of the request that started it. */
  requestId?: string;
  /** Queue mode: the worker that ran it (its id, as GET /queue lists workers). */
  worker?: string;
  workflowData: WorkflowJson;
  data: RunExecutionData;
  logs: ExecutionLogRecord[];
}

export type ExecutionSummary = Omit<ExecutionRecord, 'workflowData' | 'data' | 'logs'>;

export interface ExecutionQuery {
  canvasId?: string;
  status?: StoredExecutionStatus;
  limit: number;
  offset: number;
}

export interface StoredWorkflow {
  /** Canvas id: Odoo record id, or the file's `id` / name in embedded mode. */
  id: string;
  /** n8n workflowId (canvas.workflow_id); equals `id` in embedded mode unless set. */
  workflowId: string;
  name: string;
  json: WorkflowJson;
  active: boolean;
  activatedAt?: Date;
  /** Changes whenever the definition changes (Odoo write_date, file mtime). */
  version: string;
}

export interface WorkflowStore {
  /** By canvas id or by workflowId. */
  get(idOrWorkflowId: string): Promise<StoredWorkflow | undefined>;
  list(): Promise<StoredWorkflow[]>;
  setActive(id: string, active: boolean, at: Date): Promise<void>;
}

export interface ExecutionStore {
  /** Inserts or replaces the whole record, idempotent on `id`. */
  save(record: ExecutionRecord): Promise<void>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  list(query: ExecutionQuery): Promise<{ rows: ExecutionSummary[]; total: number }>;
  findByRequestId(requestId: string): Promise<ExecutionSummary | undefined>;
  /** Waiting executions whose `waitTill` is at or before `until` (all waiting when absent). */
  listWaiting(until?: Date): Promise<ExecutionSummary[]>;
  /** Executions in `running` state (to mark as crashed at start-up). */
  listByStatus(status: StoredExecutionStatus): Promise<ExecutionSummary[]>;
  /**
   * Moves an execution from one status to another only if it is still in `from`; true when
   * this caller won. Gives "resume once even if two instances see it".
   */
  transition(id: string, from: StoredExecutionStatus, to: StoredExecutionStatus): Promise<boolean>;
  /** Updates some fields of an existing execution (retrySuccessId, status...). */
  patch(id: string, fields: Partial<ExecutionSummary>): Promise<void>;
  /** Deletes executions older than `before` and beyond the newest `keep`; returns count. */
  prune(options: { before?: Date; keep?: number }): Promise<number>;
  close(): Promise<void>;
}

/** Small key-value state shared by trigger components (schedule slots, keys). */
export interface StateStore {
  /** Sets key to value only if its current value is `expected` (undefined = absent). */
  compareAndSet(key: string, expected: string | undefined, value: string): Promise<boolean>;
  getValue(key: string): Promise<string | undefined>;
}

/** A credential as stored: its fields only as ciphertext (see src/credentials/cipher.ts). */
export interface StoredCredential {
  /** n8n's credential id (kept from an import); the ciphertext is bound to it. */
  id: string;
  name: string;
  /** n8n credential type name: httpHeaderAuth, oAuth2Api... */
  type: string;
  ciphertext: string;
  createdAt: Date;
  updatedAt: Date;
}

export type CredentialChanges = Partial<Pick<StoredCredential, 'name' | 'type' | 'ciphertext'>> & { updatedAt: Date };

/** Where credentials live: SQLite (embedded) or Odoo's `credentials` model. Ciphertext only. */
export interface CredentialStore {
  list(): Promise<StoredCredential[]>;
  get(id: string): Promise<StoredCredential | undefined>;
  /** Credentials of `type` called `name` (names need not be unique, as in n8n). */
  findByName(type: string, name: string): Promise<StoredCredential[]>;
  /** Throws a ConflictError when the id exists. */
  create(record: StoredCredential): Promise<void>;
  /** False when there is no such credential. */
  update(id: string, changes: CredentialChanges): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /**
   * Replaces the ciphertext of every credential at once (key rotation): all or nothing.
   * Throws a ConflictError, changing nothing, when the set of ids changed meanwhile.
   */
  replaceAllCiphertexts(ciphertexts: ReadonlyMap<string, string>, at: Date): Promise<void>;
}

export type { JsonValue };
