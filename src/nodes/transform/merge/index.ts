import { NodeOperationError } from '../../../errors';
import type { WorkflowNode } from '../../../workflow/types';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import { withLineage } from '../utils/items';
import { executeMergeV1 } from './merge-v1';
import { executeMergeV2 } from './merge-v2';
import { append, chooseBranch, combineAll, combineByMatchingFields, combineByPosition } from './modes-v3';
import { stringParam } from '../utils/params';

/** Merge v3's numberInputs (2..10, default 2); older versions always have two inputs. */
function inputCount(node: WorkflowNode): number {
  if (node.typeVersion < 3) return 2;
  const configured = Number(node.parameters.numberInputs);
  return Number.isInteger(configured) && configured >= 1 ? configured : 2;
}

/**
 * n8n's requiredInputs for v2/v3: `mode === "chooseBranch" ? [0, 1] : 1`, i.e. Choose Branch
 * waits for inputs 1 and 2, every other mode runs once any input has data.
 */
function requiredInputs(node: WorkflowNode): number {
  return node.typeVersion >= 2 && node.parameters.mode === 'chooseBranch' ? 2 : 1;
}

function executeMergeV3(ctx: NodeContext, inputs: Item[][]): Item[] | null {
  const mode = stringParam(ctx, 'mode', 0, 'append');
  switch (mode) {
    case 'append':
      return append(inputs);
    case 'chooseBranch':
      return chooseBranch(ctx, inputs);
    case 'combine': {
      const combineBy = stringParam(ctx, 'combineBy', 0, 'combineByFields');
      if (combineBy === 'combineByFields') return combineByMatchingFields(ctx, inputs);
      if (combineBy === 'combineByPosition') return combineByPosition(ctx, inputs);
      if (combineBy === 'combineAll') return combineAll(ctx, inputs);
      throw new NodeOperationError(ctx.node.name, `The value "${combineBy}" is not supported for the parameter "Combine By"`);
    }
    case 'combineBySql':
      throw new NodeOperationError(ctx.node.name, 'Merge mode "SQL Query" (combineBySql) is not supported by this service', {
        description: 'Use the "Combine" modes or a Code node to join the inputs instead.',
      });
    default:
      throw new NodeOperationError(ctx.node.name, `The value "${mode}" is not supported for the parameter "Mode"`);
  }
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const count = inputCount(ctx.node);
  const inputs = Array.from({ length: Math.max(count, ctx.inputs.length) }, (_, index) => withLineage(ctx.inputs[index] ?? [], index));
  if (ctx.node.typeVersion < 2) return [executeMergeV1(ctx, inputs)];
  if (ctx.node.typeVersion < 3) return [executeMergeV2(ctx, inputs)];
  const output = executeMergeV3(ctx, inputs.slice(0, count));
  // n8n returns no output at all (not an empty one) when a join has nothing to work with.
  return output === null ? [] : [output];
}

export const mergeNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.merge',
  aliases: ['merge'],
  displayName: 'Merge',
  versions: [1, 2, 2.1, 3, 3.1, 3.2],
  inputs: inputCount,
  requiredInputs,
  execute,
};
