import { AutomatorError, errorMessage } from '../errors';
import type { Item } from '../contracts/run-data';
import type { LogSink } from '../logging';
import { SUB_WORKFLOW_WAIT_STATE_KEY, readParkedChild } from '../nodes/flow';
import type { ResumePayload, SubWorkflowOutcome } from '../contracts/node-services';
import type { ExecutionRecord, ExecutionStore } from '../store/types';
import { hasEnded, outcomeOf } from './sub-workflow-outcome';

export interface ParentLinksOptions {
  executions: ExecutionStore;
  /** The resume use case (ExecutionService.resume): in process, or a queue worker's. */
  resume(executionId: string, items: Item[] | undefined, options: { payload: ResumePayload }): Promise<{ done: Promise<unknown> }>;
  logger: Pick<LogSink, 'debug' | 'warn' | 'error'>;
}

/** The child execution a parked parent waits for: the parked node's saved state names it. */
export function parkedChildOf(record: ExecutionRecord): string | undefined {
  const name = record.data?.executionData?.nodeExecutionStack?.[0]?.node;
  if (name === undefined) return undefined;
  const nodeState = record.data.executionData.nodeState?.[name];
  return readParkedChild(nodeState?.[SUB_WORKFLOW_WAIT_STATE_KEY])?.executionId;
}

/**
 * n8n's parent-resume for Execute Workflow nodes that wait for a child that parked. Both
 * ends look for the other once their own state is saved, so that whichever saves last sees
 * the other's state and no interleaving loses the resume: a child that ends resumes its
 * waiting parent; a parent that parks on a child that already ended resumes itself; at
 * start-up, parents whose child ended while no process watched are resumed. Each resume goes
 * through the service's resume use case, whose waiting->running transition lets one win.
 */
export class ParentLinks {
  constructor(private readonly options: ParentLinksOptions) {}

  /** A child run ended (after it had parked): resume the parent if it waits for this child. */
  async childEnded(child: ExecutionRecord): Promise<void> {
    if (child.parentExecutionId === undefined || !hasEnded(child.status)) return;
    const parent = await this.options.executions.get(child.parentExecutionId);
    if (parent?.status !== 'waiting' || parkedChildOf(parent) !== child.id) return;
    await this.resumeParent(parent.id, outcomeOf(child, child));
  }

  /** A run just parked: when it waits for a child that has already ended, resume it now. */
  async parentParked(parent: ExecutionRecord): Promise<void> {
    const childId = parkedChildOf(parent);
    if (childId === undefined) return;
    const child = await this.options.executions.get(childId);
    if (child === undefined) {
      await this.resumeParent(parent.id, {
        executionId: childId,
        status: 'error',
        items: [],
        errorMessage: `Sub-workflow execution ${childId} that this execution waited for no longer exists (deleted or pruned)`,
      });
      return;
    }
    if (hasEnded(child.status)) await this.resumeParent(parent.id, outcomeOf(child, child));
  }

  /** Start-up: resumes every parked parent whose child ended; returns how many it resumed. */
  async recover(): Promise<number> {
    let resumed = 0;
    for (const summary of await this.options.executions.listWaiting()) {
      const parent = await this.options.executions.get(summary.id);
      if (parent === undefined || parkedChildOf(parent) === undefined) continue;
      const child = await this.options.executions.get(parkedChildOf(parent) ?? '');
      if (child !== undefined && !hasEnded(child.status)) continue;
      await this.parentParked(parent);
      resumed += 1;
    }
    return resumed;
  }

  private async resumeParent(parentId: string, outcome: SubWorkflowOutcome): Promise<void> {
    try {
      const started = await this.options.resume(parentId, undefined, { payload: { subWorkflow: outcome } });
      void started.done.catch((error: unknown) => this.options.logger.error('resumed parent execution failed to finish', { executionId: parentId, error: errorMessage(error) }));
      this.options.logger.debug('resumed parent execution after its sub-workflow ended', { executionId: parentId, childExecutionId: outcome.executionId });
    } catch (error) {
      // The other end (or another instance) resumed it first, or it was stopped meanwhile.
      if (error instanceof AutomatorError && (error.code === 'conflict' || error.code === 'not_found')) return;
      this.options.logger.error('could not resume the parent of a sub-workflow', { executionId: parentId, error: errorMessage(error) });
    }
  }
}
