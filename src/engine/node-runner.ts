import pRetry, { AbortError } from 'p-retry';
import type { WorkflowNode } from '../workflow/types';
import type { NodeContext, NodeResult, NodeTypeDefinition, WaitRequest } from '../nodes/types';
import { isWaitRequest } from '../nodes/types';
import type { Item, ItemsByIndex, SerializedError } from './run-data';
import { serializeNodeError } from './serialize-error';

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

const hasItemError = (result: NodeResult): boolean =>
  Array.isArray(result) && result[0]?.[0]?.json?.error !== undefined;

class ItemErrorRetry extends Error {
  constructor(readonly result: NodeResult) {
    super('the node output carried an error item');
  }
}

async function executeWithRetry(definition: NodeTypeDefinition, ctx: NodeContext, policy: RetryPolicy): Promise<NodeResult> {
  if (policy.tries <= 1) return definition.execute(ctx);
  let lastResult: NodeResult = null;
  try {
    return await pRetry(
      async (attempt) => {
        if (ctx.signal.aborted) throw new AbortError(String(ctx.signal.reason ?? 'aborted'));
        const result = await definition.execute(ctx);
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
  ctx: NodeContext,
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
    if (node.onError === 'continueErrorOutput') {
      return { output: routeThrownErrorToErrorOutput(definition, node, inputs[0] ?? [], serialized), error: serialized, fatal: false };
    }
    // continueRegularOutput: the input goes on unchanged, the run keeps the error (as n8n).
    return { output: [inputs[0] ?? []], error: serialized, fatal: false };
  }
}

/** Output count of a node, error output included when onError routes there. */
export function outputCount(definition: NodeTypeDefinition, node: WorkflowNode): number {
  const regular = definition.outputs ? definition.outputs(node) : 1;
  return node.onError === 'continueErrorOutput' ? regular + 1 : regular;
}

function routeThrownErrorToErrorOutput(
  definition: NodeTypeDefinition,
  node: WorkflowNode,
  input: Item[],
  error: SerializedError,
): ItemsByIndex {
  const total = outputCount(definition, node);
  const output: ItemsByIndex = Array.from({ length: total }, () => []);
  output[total - 1] = input.map((item, index) => ({
    json: { ...item.json, error: error.message },
    pairedItem: { item: index },
  }));
  return output;
}

/**
 * n8n's handleNodeErrorOutput for nodes that continued on fail themselves: items that carry
 * an error (`item.error`, or json that is only `{error}` / `{error, message}`) move from the
 * regular outputs to the error output, which is the last one.
 */
export function splitErrorItems(output: ItemsByIndex, total: number, input: Item[]): ItemsByIndex {
  const result: ItemsByIndex = Array.from({ length: total }, () => []);
  const errorItems: Item[] = [];
  for (let outputIndex = 0; outputIndex < total - 1; outputIndex++) {
    for (const item of output[outputIndex] ?? []) {
      const keys = Object.keys(item.json);
      const errorData =
        item.error ??
        (item.json.error !== undefined && (keys.length === 1 || (keys.length === 2 && item.json.message !== undefined))
          ? item.json.error
          : undefined);
      if (errorData === undefined) {
        (result[outputIndex] as Item[]).push(item);
        continue;
      }
      const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
      const sourceIndex = typeof paired === 'number' ? paired : (paired?.item ?? 0);
      const original = input[sourceIndex] ?? item;
      const { error: _ignored, ...rest } = item;
      const message = typeof errorData === 'object' && errorData !== null && 'message' in errorData ? errorData.message : errorData;
      errorItems.push({ ...rest, json: { ...original.json, error: item.json.error ?? (message as string) } });
    }
  }
  result[total - 1] = errorItems;
  return result;
}
