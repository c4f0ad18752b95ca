import { AutomatorError, NodeOperationError } from '../errors';
import type { Item } from '../engine/run-data';
import type { SubWorkflowRequest, SubWorkflowResult, SubWorkflowRunner } from '../nodes/services';
import type { ExecutionService } from './execution-service';
import type { WorkflowLoader } from './workflow-loader';

const EXECUTE_WORKFLOW_TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';

export interface SubWorkflowScope {
  parentExecutionId: string;
  canvasId: string;
  depth: number;
  maxDepth: number;
  loader: WorkflowLoader;
}

/** Runs a child workflow in `integrated` mode, linked to its parent, depth-limited. */
export function createSubWorkflowRunner(service: ExecutionService, scope: SubWorkflowScope): SubWorkflowRunner {
  return {
    async run(request: SubWorkflowRequest): Promise<SubWorkflowResult> {
      if (scope.depth + 1 > scope.maxDepth) {
        throw new NodeOperationError(
          request.parentNode,
          `Sub-workflow depth limit of ${scope.maxDepth} reached: workflows call each other too deeply (raise MAX_SUBWORKFLOW_DEPTH if this is intended)`,
        );
      }
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
      const summary = await started.done;
      if (summary.status !== 'success') {
        throw new AutomatorError(summary.errorMessage ?? `Sub-workflow execution ${started.executionId} ended with status ${summary.status}`);
      }
      return { executionId: started.executionId, items: await lastNodeOutput(service, started.executionId) };
    },
  };
}

function triggerOf(nodes: ReadonlyMap<string, { type: string; name: string; disabled: boolean }>): string | undefined {
  return [...nodes.values()].find((node) => node.type === EXECUTE_WORKFLOW_TRIGGER && !node.disabled)?.name;
}

async function lastNodeOutput(service: ExecutionService, executionId: string): Promise<Item[]> {
  const record = await service.takeRecord(executionId);
  const data = record?.data.resultData;
  const last = data?.lastNodeExecuted;
  const runs = last ? data?.runData[last] : undefined;
  return runs?.[runs.length - 1]?.data?.main[0] ?? [];
}
