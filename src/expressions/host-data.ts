import type { Item, RunData } from '../contracts/run-data';
import type { JsonObject } from '../workflow/json';
import type { Workflow } from '../workflow/types';
import type { ExecutionScope } from './types';

/**
 * The JSON texts the sandbox asks the host for: what a workflow looks like (once per
 * workflow object), what an execution knows (once per session), and the output of one
 * node run (once per session, since finished tasks never change).
 */

interface WorkflowEntry {
  key: string;
  json: string;
}

const workflowEntries = new WeakMap<Workflow, WorkflowEntry>();
let workflowCounter = 0;

function workflowJson(workflow: Workflow, key: string): string {
  const nodes: Record<string, JsonObject> = {};
  for (const node of workflow.nodes.values()) {
    const info: JsonObject = {
      id: node.id,
      type: node.type,
      typeVersion: node.typeVersion,
      parameters: node.parameters,
      executeOnce: node.executeOnce,
    };
    if (node.webhookId !== undefined) info.webhookId = node.webhookId;
    nodes[node.name] = info;
  }
  const parents: Record<string, Array<[string, number, number]>> = {};
  for (const [destination, incoming] of workflow.connectionsByDestination) {
    parents[destination] = [...incoming]
      .sort((a, b) => a.inputIndex - b.inputIndex)
      .map((edge): [string, number, number] => [edge.sourceNode, edge.sourceOutput, edge.inputIndex]);
  }
  return JSON.stringify({
    key,
    id: workflow.id,
    name: workflow.name,
    active: workflow.active,
    nodes,
    parents,
    pinData: workflow.pinData,
  });
}

/** A stable key and the JSON description of a workflow, computed once per Workflow object. */
export function workflowEntry(workflow: Workflow): WorkflowEntry {
  let entry = workflowEntries.get(workflow);
  if (!entry) {
    workflowCounter += 1;
    const key = `wf${workflowCounter}`;
    entry = { key, json: workflowJson(workflow, key) };
    workflowEntries.set(workflow, entry);
  }
  return entry;
}

export function sessionJson(scope: ExecutionScope, workflowKey: string): string {
  return JSON.stringify({
    workflowKey,
    executionId: scope.executionId,
    mode: scope.mode,
    resumeUrl: scope.resumeUrl,
    vars: scope.vars,
    env: scope.env,
    // With no variable let through, n8n's "blocked" behaviour applies: any $env access fails.
    envBlocked: Object.keys(scope.env).length === 0,
    timezone: scope.timezone,
    staticData: scope.workflow.staticData,
  });
}

/** `{data, source}` of one node run, or undefined when that run does not exist. */
export function taskJson(runData: RunData, nodeName: string, runIndex: number): string | undefined {
  const runs = Object.prototype.hasOwnProperty.call(runData, nodeName) ? runData[nodeName] : undefined;
  const task = runs?.[runIndex];
  if (!task) return undefined;
  return JSON.stringify({ data: task.data, source: task.source });
}

/** How many times each node ran so far (what `$('X').isExecuted` and default run indexes need). */
export function runCounts(runData: RunData): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of Object.keys(runData)) counts[name] = runData[name].length;
  return counts;
}

/** Items as expressions see them: binary contents stay outside (n8n's $binary omits them too). */
export function itemsForExpressions(items: Item[]): Item[] {
  if (!items.some((item) => item.binary !== undefined)) return items;
  return items.map((item) => {
    if (!item.binary) return item;
    const binary: Item['binary'] = {};
    for (const [key, value] of Object.entries(item.binary)) {
      const { data: _data, ...meta } = value;
      binary[key] = { ...meta, data: '' };
    }
    return { ...item, binary };
  });
}
