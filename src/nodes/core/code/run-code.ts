import { AutomatorError, CodeExecutionError, errorMessage } from '../../../errors';
import type { CodeRequest, CodeResult } from '../../../contracts/code';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * Calls the sandbox. Errors of ours (limits, cancellation, a Code error already naming
 * the node) pass unchanged; anything else becomes a CodeExecutionError naming the node.
 */
export async function runUserCode(ctx: NodeContext, request: CodeRequest): Promise<CodeResult> {
  try {
    return await ctx.runCode(request);
  } catch (error) {
    if (error instanceof AutomatorError) throw error;
    throw new CodeExecutionError(ctx.node.name, errorMessage(error), { cause: error });
  }
}

/** Whether a failure may become an error item: never for a cancelled or timed-out run. */
export function mayContinueAfter(ctx: NodeContext, error: unknown): boolean {
  if (ctx.signal.aborted) return false;
  if (error instanceof AutomatorError && error.code === 'conflict') return false;
  return ctx.continueOnFail();
}
