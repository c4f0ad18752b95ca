import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item, PairedItem } from '../../../contracts/run-data';
import type { JsonValue } from '../../../workflow/json';
import type { SubWorkflowOutcome, SubWorkflowRequest, SubWorkflowRunner } from '../../../contracts/node-services';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import { itemsOfOutcome, parkOnChild, pendingChildrenOf, takeParkedChild, type ParkedChild } from './parked-child';
import { subWorkflowItems } from './workflow-inputs';
import { workflowSource } from './workflow-source';

/**
 * n8n's Execute Workflow / Execute Sub-workflow node (v1 to v1.3): runs another workflow once
 * with all items or once per item, and outputs what the sub-workflow's last node output (or
 * its own input when it does not wait for the sub-workflow to finish).
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const runner = ctx.services.subWorkflows;
  if (runner === undefined) {
    throw new NodeOperationError(ctx.node.name, 'Sub-workflows cannot run here: this entry point offers no sub-workflow runner');
  }
  const items = subWorkflowItems(ctx);
  return ctx.getParam<JsonValue>('mode', 0, 'once') === 'each' ? runForEachItem(ctx, runner, items) : runOnce(ctx, runner, items);
}

/** n8n's option `options.waitForSubWorkflow`; the seed's `waitForCompletion` is read when that is absent. */
function waitsForCompletion(ctx: NodeContext, itemIndex: number): boolean {
  const option = ctx.getParam<JsonValue | undefined>('options.waitForSubWorkflow', itemIndex, undefined);
  const value = option ?? ctx.getParam<JsonValue | undefined>('waitForCompletion', itemIndex, undefined);
  return value === undefined || value === null ? true : value !== false && value !== 'false';
}

function request(ctx: NodeContext, workflow: SubWorkflowRequest['workflow'], items: Item[], waitForCompletion: boolean): SubWorkflowRequest {
  return {
    workflow,
    items,
    waitForCompletion,
    parentExecutionId: ctx.executionId,
    parentWorkflowId: ctx.workflow.id,
    parentNode: ctx.node.name,
    // The runner knows the real depth of this run; it counts from its own scope.
    depth: 0,
  };
}

const allItems = (count: number): PairedItem[] => Array.from({ length: count }, (_, item) => ({ item }));

async function runOnce(ctx: NodeContext, runner: SubWorkflowRunner, items: Item[]): Promise<NodeResult> {
  try {
    const resumed = resumedChild(ctx);
    let childItems: Item[];
    if (resumed) {
      childItems = itemsOfOutcome(ctx.node.name, resumed.outcome);
    } else {
      const waitForCompletion = waitsForCompletion(ctx, 0);
      const result = await runner.run(request(ctx, workflowSource(ctx, 0), items, waitForCompletion), ctx.signal);
      if (!waitForCompletion) return [items];
      if (result.waiting) return parkOnChild(ctx, { executionId: result.executionId, itemIndex: 0, outputSoFar: [] });
      childItems = result.items;
    }
    // The sub-workflow's own lineage means nothing here: link to this node's input instead.
    const sameLength = childItems.length === items.length;
    return [childItems.map((item, index) => copyItem(item, sameLength ? { item: index } : allItems(items.length)))];
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    return [[{ json: { error: errorMessage(error) }, pairedItem: allItems(items.length) }]];
  }
}

/** The child a resumed run of this node waited for, with how it ended; undefined on a fresh run. */
function resumedChild(ctx: NodeContext): { parked: ParkedChild; outcome: SubWorkflowOutcome } | undefined {
  const outcome = ctx.resumedWith?.subWorkflow;
  const parked = takeParkedChild(ctx);
  if (outcome === undefined || parked === undefined) return undefined;
  return { parked, outcome };
}

/**
 * "Run once for each item": every item's child starts now, one after the other, as in n8n;
 * a child that parks leaves its item pending and the next item's child starts. While any is
 * pending the node parks; each child's end resumes it with that child's outcome, until all
 * have ended. The output then lists every item's results in input order (n8n's order).
 */
async function runForEachItem(ctx: NodeContext, runner: SubWorkflowRunner, items: Item[]): Promise<NodeResult> {
  const resumed = resumedChild(ctx);
  const parked = resumed?.parked;
  // State parked by the sequential version of this node: the items before `itemIndex` are done
  // and those after it never started (they start now).
  const prefix = parked && parked.pending === undefined ? parked.outputSoFar : [];
  const settled = new Map<number, Item[]>(Object.entries(parked?.settled ?? {}).map(([index, output]) => [Number(index), output]));
  let pending = parked ? pendingChildrenOf(parked) : [];
  const first = parked && parked.pending === undefined ? parked.itemIndex : 0;
  if (resumed) {
    const ended = pending.find((child) => child.executionId === resumed.outcome.executionId);
    if (ended !== undefined) {
      pending = pending.filter((child) => child !== ended);
      settled.set(ended.itemIndex, await settleItem(ctx, ended.itemIndex, () => Promise.resolve(itemsOfOutcome(ctx.node.name, resumed.outcome))));
    }
  }
  for (let index = first; index < items.length; index++) {
    if (settled.has(index) || pending.some((child) => child.itemIndex === index)) continue;
    const item = items[index];
    let parkedChild: string | undefined;
    const output = await settleItem(ctx, index, async () => {
      const waitForCompletion = waitsForCompletion(ctx, index);
      const result = await runner.run(request(ctx, workflowSource(ctx, index), [item], waitForCompletion), ctx.signal);
      if (!waitForCompletion) return [item];
      if (result.waiting) parkedChild = result.executionId;
      return result.items;
    });
    if (parkedChild !== undefined) pending.push({ itemIndex: index, executionId: parkedChild });
    else settled.set(index, output);
  }
  if (pending.length > 0) {
    const [head] = pending;
    return parkOnChild(ctx, { executionId: head.executionId, itemIndex: head.itemIndex, outputSoFar: prefix, pending, settled: Object.fromEntries(settled) });
  }
  return [[...prefix, ...[...settled.entries()].sort(([a], [b]) => a - b).flatMap(([, output]) => output)]];
}

/**
 * What item `index`'s sub-workflow produced, paired to that item. A failure becomes an error
 * item when the node continues on fail, else fails the node naming the item.
 */
async function settleItem(ctx: NodeContext, index: number, produce: () => Promise<Item[]>): Promise<Item[]> {
  try {
    return (await produce()).map((child) => copyItem(child, { item: index }));
  } catch (error) {
    // n8n before v1.3 put these on output `index`, which only exists for index 0; v1.3 fixed it to output 0.
    if (ctx.continueOnFail()) return [{ json: { error: errorMessage(error) }, pairedItem: { item: index } }];
    throw new NodeOperationError(ctx.node.name, `Error executing workflow with item at index ${index}`, {
      description: errorMessage(error),
      itemIndex: index,
      cause: error,
    });
  }
}

function copyItem(item: Item, pairedItem: Item['pairedItem']): Item {
  const copy: Item = { json: item.json, pairedItem };
  if (item.binary !== undefined) copy.binary = item.binary;
  return copy;
}

export const executeWorkflowNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.executeWorkflow',
  aliases: ['executeWorkflow'],
  displayName: 'Execute Workflow',
  versions: [1, 1.1, 1.2, 1.3],
  resumeByRerun: true,
  execute,
};
