import type { Workflow } from '../workflow/types';
import type { Item, ItemsByIndex, RunExecutionData, TaskSource, TaskSourceEntry } from '../contracts/run-data';

/** A run state with nothing run and nothing to run (a record read without saved data). */
export function emptyRunState(): RunExecutionData {
  return {
    startData: {},
    resultData: { runData: {} },
    executionData: { nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {}, nextExecutionIndex: 0, nodeRunCount: 0 },
  };
}

/** A fresh run state with `startNode` on the stack, fed `items`. */
export function createRunState(startNode: string, items: Item[]): RunExecutionData {
  const state = emptyRunState();
  state.startData = { startNodes: [startNode] };
  state.executionData.nodeExecutionStack.push({ node: startNode, data: { main: [items] }, source: null });
  return state;
}

export function sourceEntry(parentNode: string, outputIndex: number, runIndex: number): TaskSourceEntry {
  // n8n leaves 0 out of the source (`previousNodeOutput: outputIndex || undefined`).
  const entry: TaskSourceEntry = { previousNode: parentNode };
  if (outputIndex) entry.previousNodeOutput = outputIndex;
  if (runIndex) entry.previousNodeRun = runIndex;
  return entry;
}

/** Number of input slots of a node: the highest connected input index + 1 (as n8n counts). */
function inputSlots(workflow: Workflow, node: string): number {
  const incoming = workflow.connectionsByDestination.get(node) ?? [];
  return incoming.reduce((max, connection) => Math.max(max, connection.inputIndex + 1), 1);
}

/**
 * n8n v1's addNodeToBeExecuted: a single-input node goes to the front of the stack; a
 * multi-input node collects its inputs in `waitingExecution` and moves to the stack once
 * every input has data (or, later, when the stack drains: see releaseWaitingNode).
 */
export function enqueueChild(
  state: RunExecutionData,
  workflow: Workflow,
  target: { node: string; index: number },
  parentNode: string,
  outputIndex: number,
  output: ItemsByIndex,
  parentRunIndex: number,
): void {
  const stack = state.executionData.nodeExecutionStack;
  const items = output[outputIndex] ?? null;
  const source = sourceEntry(parentNode, outputIndex, parentRunIndex);
  const slots = inputSlots(workflow, target.node);
  if (slots <= 1) {
    const main: ItemsByIndex = [];
    for (let i = 0; i < target.index; i++) main[i] = null;
    main[target.index] = items;
    stack.unshift({ node: target.node, data: { main }, source: { main: [source] } });
    return;
  }
  const waiting = (state.executionData.waitingExecution[target.node] ??= {});
  const waitingSource = (state.executionData.waitingExecutionSource[target.node] ??= {});
  // Fill the oldest waiting run that has no data for this input yet, else open a new one.
  let runKey = Object.keys(waiting)
    .map(Number)
    .sort((a, b) => a - b)
    .find((key) => waiting[key].main[target.index] === null);
  if (runKey === undefined) {
    const keys = Object.keys(waiting).map(Number);
    runKey = keys.length === 0 ? 0 : Math.max(...keys) + 1;
    waiting[runKey] = { main: new Array<Item[] | null>(slots).fill(null) };
    waitingSource[runKey] = { main: new Array<TaskSourceEntry | null>(slots).fill(null) };
  }
  waiting[runKey].main[target.index] = items;
  waitingSource[runKey].main[target.index] = items === null ? null : source;
  if (waiting[runKey].main.every((slot) => slot !== null)) {
    stack.unshift({ node: target.node, data: waiting[runKey], source: waitingSource[runKey] });
    removeWaiting(state, target.node, runKey);
  }
}

function removeWaiting(state: RunExecutionData, node: string, runKey: number): void {
  const waiting = state.executionData.waitingExecution;
  const waitingSource = state.executionData.waitingExecutionSource;
  delete waiting[node][runKey];
  delete waitingSource[node]?.[runKey];
  if (Object.keys(waiting[node]).length === 0) {
    delete waiting[node];
    delete waitingSource[node];
  }
}

/**
 * When the stack is empty, n8n v1 releases waiting multi-input nodes one at a time: a node
 * whose parent is itself still waiting is passed over, a node whose `requiredInputs` have not
 * all reported is left waiting, and the first with data on some input runs with [] for the
 * inputs that never got any. An entry with no data at all is dropped. Returns true when a
 * node was put on the stack.
 */
export function releaseWaitingNode(
  state: RunExecutionData,
  workflow: Workflow,
  requiredInputs: (node: string) => number,
): boolean {
  const waiting = state.executionData.waitingExecution;
  let names = Object.keys(waiting);
  for (let i = 0; i < names.length; i++) {
    const node = names[i];
    const parents = (workflow.connectionsByDestination.get(node) ?? []).map((connection) => connection.sourceNode);
    if (parents.some((parent) => names.includes(parent))) continue;
    const firstKey = Math.min(...Object.keys(waiting[node]).map(Number));
    const slots = waiting[node][firstKey].main;
    const reported = slots.filter((slot) => slot !== null).length;
    const slotCount = Math.max(slots.length, inputSlots(workflow, node));
    const required = requiredInputs(node);
    if (required >= slotCount || reported < required) continue;
    const main = Array.from({ length: slotCount }, (_, index) => slots[index] ?? []);
    const source: TaskSource = state.executionData.waitingExecutionSource[node]?.[firstKey] ?? { main: [] };
    removeWaiting(state, node, firstKey);
    if (main.some((items) => items.length > 0)) {
      state.executionData.nodeExecutionStack.push({ node, data: { main }, source });
      return true;
    }
    names = Object.keys(waiting);
    i = -1;
  }
  return false;
}
