import { NodeOperationError } from '../errors';
import type { Item } from '../contracts/run-data';
import type { SubWorkflowRequest, SubWorkflowResult, SubWorkflowRunner } from '../contracts/node-services';
import type { ExecutionRecord, ExecutionSummary } from '../store/types';
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
      if (summary.status === 'waiting') {
        throw new NodeOperationError(
          request.parentNode,
          `Sub-workflow execution ${started.executionId} is waiting (a Wait node parked it); a caller that waits for completion cannot wait for a parked sub-workflow: turn off "Wait For Sub-Workflow Completion" or remove the Wait node`,
        );
      }
      if (summary.status !== 'success') throw childFailure(request, started.executionId, summary, record);
      return { executionId: started.executionId, items: lastNodeOutput(record) };
    },
  };
}

/**
 * As n8n, the caller fails with the sub-workflow's own error message (not wrapped once per
 * level of nesting); the description says where it happened.
 */
function childFailure(request: SubWorkflowRequest, executionId: string, summary: ExecutionSummary, record: ExecutionRecord | undefined): NodeOperationError {
  const error = record?.data.resultData.error;
  const message = error?.message ?? summary.errorMessage ?? `Sub-workflow execution ${executionId} ended with status ${summary.status}`;
  const where = error?.node?.name ? `, node "${error.node.name}"` : '';
  const name = record?.workflowData.name ?? summary.workflowId;
  return new NodeOperationError(request.parentNode, message, {
    description: `Sub-workflow "${name}" (execution ${executionId}${where}) ended with status ${summary.status}`,
  });
}

function triggerOf(nodes: ReadonlyMap<string, { type: string; name: string; disabled: boolean }>): string | undefined {
  return [...nodes.values()].find((node) => node.type === EXECUTE_WORKFLOW_TRIGGER && !node.disabled)?.name;
}

function lastNodeOutput(record: ExecutionRecord | undefined): Item[] {
  const data = record?.data.resultData;
  const last = data?.lastNodeExecuted;
  const runs = last ? data?.runData[last] : undefined;
  return runs?.[runs.length - 1]?.data?.main[0] ?? [];
}
