import { WorkflowValidationError } from '../errors';
import type { Workflow } from '../workflow/types';
import type { Item, ItemsByIndex, RunExecutionData, TaskData } from '../contracts/run-data';
import { emptyRunState, enqueueChild } from './run-state';

/** What a partial run will do: the state it starts from and the nodes it will run. */
export interface PartialRunPlan {
  state: RunExecutionData;
  /** The destination and its parents without saved data, in the order they were found. */
  nodesToRun: string[];
}

/** The saved output of a node that does not need to run again: its pinned data, else its last successful run. */
function savedOutput(workflow: Workflow, saved: RunExecutionData, node: string): { output: ItemsByIndex; runIndex: number } | undefined {
  const pinned = workflow.pinData[node];
  if (pinned !== undefined) return { output: [pinned.map((item) => ({ json: item.json }))], runIndex: 0 };
  const runs = saved.resultData.runData[node] ?? [];
  const last = runs[runs.length - 1];
  if (last === undefined || last.executionStatus !== 'success' || last.data === undefined) return undefined;
  return { output: last.data.main ?? [], runIndex: runs.length - 1 };
}

/**
 * n8n's partial execution ("execute step"): `destination` runs, and so does every parent it
 * needs that has no saved output in `saved` (no pinned data, no successful run), back to the
 * nearest parents that have one, whose items feed the run. Saved run data of every node that
 * does not run again is kept, so expressions can still read it. Children of the destination
 * and other branches do not run (`runNodeFilter`). A start node that must run gets
 * `triggerItems`.
 */
export function planPartialRun(workflow: Workflow, saved: RunExecutionData, destination: string, triggerItems: Item[]): PartialRunPlan {
  if (!workflow.nodes.has(destination)) {
    throw new WorkflowValidationError(`Workflow "${workflow.name}" has no node "${destination}" to run`, { workflow: workflow.name, node: destination, field: 'node' });
  }
  const nodesToRun: string[] = [];
  const feeders = new Map<string, { output: ItemsByIndex; runIndex: number }>();
  const visit = (node: string): void => {
    if (nodesToRun.includes(node) || feeders.has(node)) return;
    const output = node === destination ? undefined : savedOutput(workflow, saved, node);
    if (output !== undefined) {
      feeders.set(node, output);
      return;
    }
    nodesToRun.push(node);
    for (const incoming of workflow.connectionsByDestination.get(node) ?? []) visit(incoming.sourceNode);
  };
  visit(destination);

  const state = emptyRunState();
  state.startData = { destinationNode: destination, runNodeFilter: [...nodesToRun] };
  let nextIndex = 0;
  for (const [node, runs] of Object.entries(saved.resultData.runData)) {
    if (nodesToRun.includes(node) || !workflow.nodes.has(node)) continue;
    state.resultData.runData[node] = JSON.parse(JSON.stringify(runs)) as TaskData[];
    for (const run of runs) nextIndex = Math.max(nextIndex, run.executionIndex + 1);
  }
  for (const [node, feeder] of feeders) {
    // A pinned node that never ran gets a run of its own, so expressions and the UI see it.
    if (state.resultData.runData[node] === undefined) {
      state.resultData.runData[node] = [{ startTime: Date.now(), executionTime: 0, executionIndex: nextIndex++, executionStatus: 'success', source: [], data: { main: feeder.output } }];
    }
  }
  state.executionData.nextExecutionIndex = nextIndex;
  // Nodes fed by saved output start the run (in reverse so the first found runs first); start nodes get the trigger items.
  for (const node of [...nodesToRun].reverse()) {
    const incoming = workflow.connectionsByDestination.get(node) ?? [];
    if (incoming.length === 0) {
      state.executionData.nodeExecutionStack.unshift({ node, data: { main: [triggerItems] }, source: null });
      continue;
    }
    for (const edge of incoming) {
      const feeder = feeders.get(edge.sourceNode);
      if (feeder === undefined) continue;
      enqueueChild(state, workflow, { node, index: edge.inputIndex }, edge.sourceNode, edge.sourceOutput, feeder.output, feeder.runIndex);
    }
  }
  return { state, nodesToRun };
}
