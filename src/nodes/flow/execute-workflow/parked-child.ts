import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import type { SubWorkflowOutcome } from '../../../contracts/node-services';
import type { NodeContext, WaitRequest } from '../../../contracts/node-type';

/**
 * The key under which an Execute Workflow node that parked keeps which child it waits for
 * and, in "each" mode, what it has output so far. It lives in the node's state, saved with
 * the parked run, so any process (after a restart, a queue worker) can resume it.
 */
export const SUB_WORKFLOW_WAIT_STATE_KEY = 'waitingOnSubExecution';

export interface ParkedChild {
  /** The child execution the parent waits for (in "each" mode: the first one still pending). */
  executionId: string;
  /** "each" mode: the input item the child ran for, and the output of the items before it. */
  itemIndex: number;
  outputSoFar: Item[];
  /** "each" mode: every child still running or parked, with the input item it runs for. */
  pending?: PendingChild[];
  /** "each" mode: what each item whose child has ended produced, by input item index. */
  settled?: Record<string, Item[]>;
}

export interface PendingChild {
  itemIndex: number;
  executionId: string;
}

/** Every child a parked parent waits for (any one of them ending resumes it). */
export function pendingChildrenOf(parked: ParkedChild): PendingChild[] {
  return parked.pending ?? [{ itemIndex: parked.itemIndex, executionId: parked.executionId }];
}

/** Records the child in the node's state and parks the run until the child ends. */
export function parkOnChild(ctx: NodeContext, parked: ParkedChild): WaitRequest {
  ctx.nodeState[SUB_WORKFLOW_WAIT_STATE_KEY] = JSON.parse(JSON.stringify(parked)) as JsonObject;
  // No time limit: n8n's WAIT_INDEFINITELY; the child's end resumes the parent.
  return { kind: 'wait' };
}

/** The parked child read back from saved node state (and forgotten: it is consumed once). */
export function takeParkedChild(ctx: NodeContext): ParkedChild | undefined {
  const parked = readParkedChild(ctx.nodeState[SUB_WORKFLOW_WAIT_STATE_KEY]);
  delete ctx.nodeState[SUB_WORKFLOW_WAIT_STATE_KEY];
  return parked;
}

export function readParkedChild(value: JsonValue | undefined): ParkedChild | undefined {
  if (!isJsonObject(value) || typeof value.executionId !== 'string') return undefined;
  const parked: ParkedChild = {
    executionId: value.executionId,
    itemIndex: typeof value.itemIndex === 'number' ? value.itemIndex : 0,
    outputSoFar: Array.isArray(value.outputSoFar) ? (value.outputSoFar as unknown as Item[]) : [],
  };
  if (Array.isArray(value.pending)) {
    parked.pending = value.pending.filter(isJsonObject).flatMap((entry) =>
      typeof entry.executionId === 'string' && typeof entry.itemIndex === 'number' ? [{ executionId: entry.executionId, itemIndex: entry.itemIndex }] : [],
    );
  }
  if (isJsonObject(value.settled)) parked.settled = value.settled as unknown as Record<string, Item[]>;
  return parked;
}

/**
 * As n8n, the caller fails with the sub-workflow's own error message (not wrapped once per
 * level of nesting); the description says where it happened.
 */
export function subWorkflowFailure(parentNode: string, outcome: SubWorkflowOutcome): NodeOperationError {
  const message = outcome.errorMessage ?? `Sub-workflow execution ${outcome.executionId} ended with status ${outcome.status}`;
  return new NodeOperationError(parentNode, message, { description: outcome.errorDescription });
}

/** The child's items, or its failure thrown as this node's error. */
export function itemsOfOutcome(parentNode: string, outcome: SubWorkflowOutcome): Item[] {
  if (outcome.status !== 'success') throw subWorkflowFailure(parentNode, outcome);
  return outcome.items;
}
