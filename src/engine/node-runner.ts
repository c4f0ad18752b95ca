import pRetry, { AbortError } from 'p-retry';
import type { WorkflowNode } from '../workflow/types';
import type { NodeContext, NodeResult, NodeTypeDefinition, WaitRequest } from '../contracts/node-type';
import { isWaitRequest } from '../contracts/node-type';
import type { Item, ItemsByIndex, SerializedError } from '../contracts/run-data';
import { serializeNodeError } from '../contracts/serialize-error';

export interface NodeRunOutcome {
  /** Items per output; null when the node did not run or returned nothing. */
  output: ItemsByIndex | null;
  /** Set when the node failed (also when it continued despite the failure). */
  error?: SerializedError;
  /** True when the failure stops the workflow. */
  fatal: boolean;
  wait?: WaitRequest;
}

/** The retry policy as a value: n8n's tries/wait, plus our exponential backoff. */
export interface RetryPolicy {
  tries: number;
  waitMs: number;
  backoff: 'fixed' | 'exponential';
}

export function retryPolicyOf(node: WorkflowNode): RetryPolicy {
  if (!node.retryOnFail) return { tries: 1, waitMs: 0, backoff: 'fixed' };
  return { tries: node.maxTries, waitMs: node.waitBetweenTries, backoff: node.retryBackoff };
}

/** n8n retries when the first output item carries an error value (null and false are none). */
const hasItemError = (result: NodeResult): boolean => {
  const error = Array.isArray(result) ? result[0]?.[0]?.json?.error : undefined;
  return error !== undefined && error !== null && error !== false;
};

class ItemErrorRetry extends Error {
  constructor(readonly result: NodeResult) {
    super('the node output carried an error item');
  }
}

type RunnableContext = NodeContext & { prepareParameters?(): Promise<void> };

/**
 * Evaluates the node's expressions off the service thread, then runs it. Failed expressions
 * are markers a node only meets when it reads that parameter, as before; a sandbox limit hit
 * throws here and counts as the try's failure.
 */
async function prepareAndExecute(definition: NodeTypeDefinition, ctx: RunnableContext): Promise<NodeResult> {
  await ctx.prepareParameters?.();
  return definition.execute(ctx);
}

async function executeWithRetry(definition: NodeTypeDefinition, ctx: RunnableContext, policy: RetryPolicy): Promise<NodeResult> {
  if (policy.tries <= 1) return prepareAndExecute(definition, ctx);
  let lastResult: NodeResult = null;
  try {
    return await pRetry(
      async (attempt) => {
        if (ctx.signal.aborted) throw new AbortError(String(ctx.signal.reason ?? 'aborted'));
        const result = await prepareAndExecute(definition, ctx);
        // n8n also retries a node that "continued on fail" with an error item.
        if (hasItemError(result) && attempt < policy.tries) {
          lastResult = result;
          throw new ItemErrorRetry(result);
        }
        return result;
      },
      {
        retries: policy.tries - 1,
        minTimeout: policy.waitMs,
        maxTimeout: policy.backoff === 'exponential' ? Math.max(policy.waitMs * 2 ** (policy.tries - 1), policy.waitMs) : policy.waitMs,
        factor: policy.backoff === 'exponential' ? 2 : 1,
        randomize: false,
        signal: ctx.signal,
      },
    );
  } catch (error) {
    if (error instanceof ItemErrorRetry) return lastResult;
    throw error;
  }
}

/**
 * Runs one node with n8n's rules: disabled nodes pass input 0 through, pinned data replaces
 * the run, executeOnce keeps the first item, retries, then onError routing.
 */
export async function runNode(
  definition: NodeTypeDefinition,
  ctx: RunnableContext,
  pinned: Item[] | undefined,
): Promise<NodeRunOutcome> {
  const node = ctx.node;
  const inputs = ctx.inputs;
  if (node.disabled) {
    return { output: inputs.length > 0 ? [inputs[0]] : null, fatal: false };
  }
  if (pinned) return { output: [pinned.map((item) => ({ json: item.json, pairedItem: { item: 0 } }))], fatal: false };
  if (!definition.isTrigger && inputs.every((items) => items.length === 0)) return { output: null, fatal: false };
  try {
    const result = await executeWithRetry(definition, ctx, retryPolicyOf(node));
    if (result !== null && isWaitRequest(result)) return { output: [inputs[0] ?? []], wait: result, fatal: false };
    return { output: result, fatal: false };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    const serialized = serializeNodeError(error, node);
    if (node.onError === 'stopWorkflow') return { output: null, error: serialized, fatal: true };
    // Either continue mode: the input goes on unchanged on the first output and the run keeps
    // the error. n8n does not route a thrown error to the error output: only nodes that
    // handle continueOnFail themselves (error items) reach it, through splitErrorItems.
    return { output: [inputs[0] ?? []], error: serialized, fatal: false };
  }
}

/** Output count of a node, error output included when onError routes there. */
export function outputCount(definition: NodeTypeDefinition, node: WorkflowNode): number {
  const regular = definition.outputs ? definition.outputs(node) : 1;
  return node.onError === 'continueErrorOutput' ? regular + 1 : regular;
}
