import type { ExecutionRecord, ExecutionStore, ExecutionSummary, StoredWorkflow, WorkflowStore } from '../../src/store/types';
import type { WorkflowJson } from '../../src/workflow/types';

/** Workflows held in memory: `put` adds or changes one (its version moves on). */
export class MemoryWorkflowStore implements WorkflowStore {
  private readonly workflows = new Map<string, StoredWorkflow>();
  private versions = 0;

  constructor(workflows: Array<WorkflowJson & { id: string }> = []) {
    for (const json of workflows) this.put(json);
  }

  put(json: WorkflowJson & { id: string }, options: { workflowId?: string; active?: boolean } = {}): StoredWorkflow {
    this.versions += 1;
    const stored: StoredWorkflow = {
      id: json.id,
      workflowId: options.workflowId ?? json.id,
      name: json.name ?? json.id,
      json,
      active: options.active ?? false,
      version: String(this.versions),
    };
    this.workflows.set(json.id, stored);
    return stored;
  }

  async get(idOrWorkflowId: string): Promise<StoredWorkflow | undefined> {
    return this.workflows.get(idOrWorkflowId) ?? [...this.workflows.values()].find((stored) => stored.workflowId === idOrWorkflowId);
  }

  async list(): Promise<StoredWorkflow[]> {
    return [...this.workflows.values()];
  }

  async setActive(id: string, active: boolean, at: Date): Promise<void> {
    const stored = await this.get(id);
    if (stored) this.workflows.set(stored.id, { ...stored, active, activatedAt: at });
  }
}

/** What one `save` wrote, copied at the time of the call. */
export interface SavedSnapshot {
  status: ExecutionSummary['status'];
  nodesRun: string[];
  logCount: number;
}

/** Wraps an ExecutionStore and remembers every save, to test when the service writes. */
export class RecordingExecutionStore implements ExecutionStore {
  readonly saves: SavedSnapshot[] = [];

  constructor(private readonly inner: ExecutionStore) {}

  async save(record: ExecutionRecord): Promise<void> {
    this.saves.push({ status: record.status, nodesRun: Object.keys(record.data.resultData.runData), logCount: record.logs.length });
    await this.inner.save(record);
  }

  get: ExecutionStore['get'] = (id) => this.inner.get(id);
  list: ExecutionStore['list'] = (query) => this.inner.list(query);
  findByRequestId: ExecutionStore['findByRequestId'] = (requestId) => this.inner.findByRequestId(requestId);
  listWaiting: ExecutionStore['listWaiting'] = (until) => this.inner.listWaiting(until);
  listByStatus: ExecutionStore['listByStatus'] = (status) => this.inner.listByStatus(status);
  transition: ExecutionStore['transition'] = (id, from, to) => this.inner.transition(id, from, to);
  patch: ExecutionStore['patch'] = (id, fields) => this.inner.patch(id, fields);
  prune: ExecutionStore['prune'] = (options) => this.inner.prune(options);
  close: ExecutionStore['close'] = () => this.inner.close();
}
