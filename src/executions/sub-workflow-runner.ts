import { NodeOperationError } from '../errors';
import { subWorkflowFailure } from '../nodes/flow';
import type { SubWorkflowRequest, SubWorkflowResult, SubWorkflowRunner } from '../contracts/node-services';
import { outcomeOf } from './sub-workflow-outcome';
import type { ExecutionService } from './execution-service';
import type { WorkflowLoader } from './workflow-loader';

const EXECUTE_WORKFLOW_TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';

export interface SubWorkflowScope {
  parentExecutionId: string;
  canvasId: string;
  depth: number;
  maxDepth: number;
  loader: WorkflowLoader;
  /**
   * Saves the parent's record if it is not saved yet. The child's record names its parent,
   * and a store that links records by its own ids (Odoo's Many2one) can only link to a
   * parent it already holds: a parent saved only at its end would lose the link.
   */
  saveParent?: () => Promise<void>;
}

/** Runs a child workflow in `integrated` mode, linked to its parent, depth-limited. */
export function createSubWorkflowRunner(service: ExecutionService, scope: SubWorkflowScope): SubWorkflowRunner {
  return {
    async run(request: SubWorkflowRequest, signal: AbortSignal): Promise<SubWorkflowResult> {
      if (scope.depth + 1 > scope.maxDepth) {
        throw new NodeOperationError(
          request.parentNode,
          `Sub-workflow depth limit of ${scope.maxDepth} reached: workflows call each other too deeply (raise MAX_SUBWORKFLOW_DEPTH if this is intended)`,
        );
      }
      await scope.saveParent?.();
      const common = {
        mode: 'integrated' as const,
        triggerItems: request.items,
        parentExecutionId: scope.parentExecutionId,
        depth: scope.depth + 1,
        keepRecord: request.waitForCompletion,
      };
      let started;
      if (request.workflow.source === 'database') {
        const loaded = await scope.loader.load(request.workflow.id);
        started = await service.start({ ...common, loaded, startNode: triggerOf(loaded.workflow.nodes) });
      } else {
        const workflow = scope.loader.build(request.workflow.json);
        started = await service.start({ ...common, inline: { workflow, canvasId: scope.canvasId }, startNode: triggerOf(workflow.nodes) });
      }
      if (!request.waitForCompletion) return { executionId: started.executionId, items: request.items };
      // A parent stopped or timed out while it waits takes the child it waits for with it.
      const stopChild = () => void service.stop(started.executionId).catch(() => undefined);
      signal.addEventListener('abort', stopChild, { once: true });
      if (signal.aborted) stopChild();
      const summary = await started.done.finally(() => signal.removeEventListener('abort', stopChild));
      // Always taken, so that the record kept for this caller does not stay in memory.
      const record = await service.takeRecord(started.executionId);
      // The parent parks too; the child's end resumes it (see ParentLinks).
      if (summary.status === 'waiting') return { executionId: started.executionId, items: [], waiting: true };
      const outcome = outcomeOf(summary, record);
      if (outcome.status !== 'success') throw subWorkflowFailure(request.parentNode, outcome);
      return { executionId: started.executionId, items: outcome.items };
    },
  };
}

function triggerOf(nodes: ReadonlyMap<string, { type: string; name: string; disabled: boolean }>): string | undefined {
  return [...nodes.values()].find((node) => node.type === EXECUTE_WORKFLOW_TRIGGER && !node.disabled)?.name;
}
