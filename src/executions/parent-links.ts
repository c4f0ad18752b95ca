import { AutomatorError, errorMessage } from '../errors';
import type { Item } from '../contracts/run-data';
import type { LogSink } from '../logging';
import { SUB_WORKFLOW_WAIT_STATE_KEY, pendingChildrenOf, readParkedChild } from '../nodes/flow';
import type { ResumePayload, SubWorkflowOutcome } from '../contracts/node-services';
import type { ExecutionRecord, ExecutionStore } from '../store/types';
import { hasEnded, outcomeOf } from './sub-workflow-outcome';

export interface ParentLinksOptions {
  executions: ExecutionStore;
  /** The resume use case (ExecutionService.resume): in process, or a queue worker's. */
  resume(executionId: string, items: Item[] | undefined, options: { payload: ResumePayload }): Promise<{ done: Promise<unknown> }>;
  logger: Pick<LogSink, 'debug' | 'warn' | 'error'>;
}

/**
 * The child executions a parked parent waits for, as the parked node's saved state names them
 * (several for "run once for each item" children that parked): any one ending resumes it.
 */
export function parkedChildrenOf(record: ExecutionRecord): string[] {
  const name = record.data?.executionData?.nodeExecutionStack?.[0]?.node;
  if (name === undefined) return [];
  const parked = readParkedChild(record.data.executionData.nodeState?.[name]?.[SUB_WORKFLOW_WAIT_STATE_KEY]);
  return parked === undefined ? [] : pendingChildrenOf(parked).map((child) => child.executionId);
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
    if (parent?.status !== 'waiting' || !parkedChildrenOf(parent).includes(child.id)) return;
    await this.resumeParent(parent.id, outcomeOf(child, child));
  }

  /**
   * A run just parked: when one of the children it waits for has already ended (or is gone),
   * resume it now with that child's outcome; it parks again while others are pending, and
   * this runs again then.
   */
  async parentParked(parent: ExecutionRecord): Promise<boolean> {
    for (const childId of parkedChildrenOf(parent)) {
      const child = await this.options.executions.get(childId);
      if (child === undefined) {
        await this.resumeParent(parent.id, {
          executionId: childId,
          status: 'error',
          items: [],
          errorMessage: `Sub-workflow execution ${childId} that this execution waited for no longer exists (deleted or pruned)`,
        });
        return true;
      }
      if (hasEnded(child.status)) {
        await this.resumeParent(parent.id, outcomeOf(child, child));
        return true;
      }
    }
    return false;
  }

  /** Start-up: resumes every parked parent one of whose children ended; returns how many it resumed. */
  async recover(): Promise<number> {
    let resumed = 0;
    for (const summary of await this.options.executions.listWaiting()) {
      const parent = await this.options.executions.get(summary.id);
      if (parent !== undefined && (await this.parentParked(parent))) resumed += 1;
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
