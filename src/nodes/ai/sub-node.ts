import { NodeOperationError } from '../../errors';
import type { NodeContext, NodeResult } from '../../contracts/node-type';

/** Sub-nodes only supply objects to a root node; the engine never runs them on `main`. */
export function rejectAsMainNode(ctx: NodeContext): Promise<NodeResult> {
  return Promise.reject(
    new NodeOperationError(ctx.node.name, `Node "${ctx.node.name}" is a sub-node: connect it to a root node (Basic LLM Chain, AI Agent...) instead of running it`),
  );
}
