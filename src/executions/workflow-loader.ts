import { NotFoundError } from '../errors';
import type { StoredWorkflow, WorkflowStore } from '../store/types';
import type { Workflow, WorkflowJson } from '../workflow/types';
import { buildWorkflow, type NodeTypeResolver } from '../workflow/parse';

export interface LoadedWorkflow {
  stored: StoredWorkflow;
  workflow: Workflow;
}

/**
 * Builds validated workflows from the store, once per definition version: parsing and
 * validating a workflow is cheap, but not on every webhook call.
 */
export class WorkflowLoader {
  private readonly cache = new Map<string, { version: string; workflow: Workflow }>();

  constructor(
    private readonly store: WorkflowStore,
    private readonly resolver: NodeTypeResolver,
  ) {}

  async load(idOrWorkflowId: string): Promise<LoadedWorkflow> {
    const stored = await this.store.get(idOrWorkflowId);
    if (!stored) throw new NotFoundError(`Workflow "${idOrWorkflowId}" was not found`);
    const cached = this.cache.get(stored.id);
    if (cached && cached.version === stored.version) return { stored, workflow: cached.workflow };
    const workflow = this.build(stored.json, stored);
    this.cache.set(stored.id, { version: stored.version, workflow });
    return { stored, workflow };
  }

  /** A workflow given as JSON (retry of a snapshot, inline sub-workflow). */
  build(json: WorkflowJson | unknown, stored?: Pick<StoredWorkflow, 'workflowId' | 'name' | 'active'>): Workflow {
    const workflow = buildWorkflow(json, this.resolver, { label: stored?.name ?? 'workflow', fallbackId: stored?.workflowId });
    if (!stored) return workflow;
    return { ...workflow, id: stored.workflowId, name: stored.name || workflow.name, active: stored.active };
  }

  invalidate(id?: string): void {
    if (id === undefined) this.cache.clear();
    else this.cache.delete(id);
  }
}
