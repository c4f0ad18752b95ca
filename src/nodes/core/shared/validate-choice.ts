import { WorkflowValidationError } from '../../../errors';
import type { WorkflowNode } from '../../../workflow/types';

/**
 * Refuses a workflow at load when a choice parameter holds a value the node does not know,
 * e.g. `Node "Fields" has an unknown Set mode "fancy" (use "manual" or "raw")`.
 * An absent value is fine: the node's default applies.
 */
export function requireChoice(node: WorkflowNode, field: string, label: string, allowed: readonly string[]): void {
  const value = node.parameters[field];
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return;
  throw new WorkflowValidationError(
    `Node "${node.name}" has an unknown ${label} "${String(value)}" (use ${allowed.map((choice) => `"${choice}"`).join(' or ')})`,
    { node: node.name, field },
  );
}
