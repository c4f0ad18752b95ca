import { WorkflowValidationError } from '../errors';
import type { Workflow } from '../workflow/types';
import type { NodeTypeLookup } from './executor';

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/**
 * The node a run starts at: the one asked for, else an enabled Manual Trigger, else another
 * enabled trigger, else the first node nothing feeds into.
 */
export function selectStartNode(workflow: Workflow, nodeTypes: NodeTypeLookup, requested?: string): string {
  if (requested !== undefined) {
    if (!workflow.nodes.has(requested)) {
      throw new WorkflowValidationError(`Workflow "${workflow.name}" has no node "${requested}" to start from`, {
        workflow: workflow.name,
        node: requested,
        field: 'startNode',
      });
    }
    return requested;
  }
  const enabled = [...workflow.nodes.values()].filter((node) => !node.disabled);
  const manual = enabled.find((node) => node.type === MANUAL_TRIGGER);
  if (manual) return manual.name;
  const trigger = enabled.find((node) => nodeTypes.find(node.type)?.isTrigger === true);
  if (trigger) return trigger.name;
  // Sub-nodes (chat models, tools...) have no main input either, but never start a run.
  const root = enabled.find((node) => !workflow.connectionsByDestination.has(node.name) && !workflow.subNodeNames.has(node.name));
  if (root) return root.name;
  throw new WorkflowValidationError(`Workflow "${workflow.name}" has no trigger or start node`, { workflow: workflow.name });
}
