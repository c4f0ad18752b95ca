import type { Item, RunExecutionData, TaskData, TaskSource } from '../../../src/contracts/run-data';
import type { JsonObject, JsonValue } from '../../../src/workflow/json';
import type { ConnectionTarget, IncomingConnection, Workflow, WorkflowNode } from '../../../src/workflow/types';
import type { ExecutionScope, ExpressionEngine, NodeScope } from '../../../src/expressions/types';
import { emptyRunState } from '../../../src/engine/run-state';

export interface NodeSpec {
  name: string;
  type?: string;
  parameters?: JsonObject;
  executeOnce?: boolean;
}

/** `[from, to]` or `[from, to, fromOutput, toInput]`. */
export type EdgeSpec = [string, string] | [string, string, number, number];

export function makeNode(spec: NodeSpec): WorkflowNode {
  return {
    id: `id-${spec.name}`,
    name: spec.name,
    type: spec.type ?? 'n8n-nodes-base.set',
    typeVersion: 1,
    position: [0, 0],
    parameters: spec.parameters ?? {},
    disabled: false,
    retryOnFail: false,
    maxTries: 3,
    waitBetweenTries: 1000,
    retryBackoff: 'fixed',
    onError: 'stopWorkflow',
    alwaysOutputData: false,
    executeOnce: spec.executeOnce ?? false,
  };
}

export function makeWorkflow(specs: NodeSpec[], edges: EdgeSpec[] = [], extra: Partial<Workflow> = {}): Workflow {
  const nodes = new Map(specs.map((s) => [s.name, makeNode(s)]));
  const bySource = new Map<string, ConnectionTarget[][]>();
  const byDestination = new Map<string, IncomingConnection[]>();
  for (const [from, to, out = 0, input = 0] of edges) {
    const outputs = bySource.get(from) ?? [];
    outputs[out] = [...(outputs[out] ?? []), { node: to, type: 'main', index: input }];
    bySource.set(from, outputs);
    byDestination.set(to, [...(byDestination.get(to) ?? []), { sourceNode: from, sourceOutput: out, inputIndex: input }]);
  }
  return {
    id: 'wf-1',
    name: 'Test Workflow',
    active: false,
    nodes,
    connectionsBySource: bySource,
    connectionsByDestination: byDestination,
    subNodesByRoot: new Map(),
    subNodeNames: new Set(),
    settings: { executionOrder: 'v1' },
    staticData: {},
    pinData: {},
    source: { nodes: [], connections: {} },
    ...extra,
  };
}

export function emptyRunData(): RunExecutionData {
  return emptyRunState();
}

export function items(...jsons: JsonObject[]): Item[] {
  return jsons.map((json, index) => ({ json, pairedItem: { item: index } }));
}

/** Appends a finished run of `node` whose output 0 (or `outputs`) holds the given items. */
export function addRun(
  data: RunExecutionData,
  node: string,
  outputs: Array<Item[] | null>,
  source: Array<{ previousNode: string; previousNodeOutput?: number; previousNodeRun?: number } | null> = [],
): void {
  const runs = (data.resultData.runData[node] ??= []);
  const task: TaskData = {
    startTime: 0,
    executionTime: 0,
    executionIndex: 0,
    executionStatus: 'success',
    source,
    data: { main: outputs },
  };
  runs.push(task);
}

export function executionScope(workflow: Workflow, runData: RunExecutionData, extra: Partial<ExecutionScope> = {}): ExecutionScope {
  return {
    workflow,
    executionId: 'exec-1',
    mode: 'manual',
    runExecutionData: runData,
    vars: {},
    env: {},
    timezone: 'UTC',
    ...extra,
  };
}

export function nodeScope(
  workflow: Workflow,
  nodeName: string,
  inputItems: Item[],
  source: TaskSource | null = null,
  runIndex = 0,
): NodeScope {
  const node = workflow.nodes.get(nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  return { node, runIndex, inputs: [inputItems], source };
}

/** A NodeScope for a node with the given parameters, fed from `previous`. */
export function withParams(workflow: Workflow, nodeName: string, parameters: JsonObject): Workflow {
  const node = workflow.nodes.get(nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  const nodes = new Map(workflow.nodes);
  nodes.set(nodeName, { ...node, parameters });
  return { ...workflow, nodes };
}

/** Resolves `parameters` as the parameters of node `nodeName` for every input item. */
export function resolveEach(
  engine: ExpressionEngine,
  parameters: JsonObject,
  inputItems: Item[],
  options: {
    workflow?: Workflow;
    nodeName?: string;
    runData?: RunExecutionData;
    source?: TaskSource | null;
    runIndex?: number;
    scope?: Partial<ExecutionScope>;
  } = {},
): JsonObject[] {
  const nodeName = options.nodeName ?? 'Node';
  const base = options.workflow ?? makeWorkflow([{ name: nodeName }]);
  const workflow = withParams(base, nodeName, parameters);
  const session = engine.openSession(executionScope(workflow, options.runData ?? emptyRunData(), options.scope));
  try {
    const resolved = session.resolveParameters(
      nodeScope(workflow, nodeName, inputItems, options.source ?? null, options.runIndex ?? 0),
      inputItems.length,
    );
    return inputItems.map((_, i) => resolved.forItem(i));
  } finally {
    session.close();
  }
}

/** Resolves one parameter value `value` for a single item with json `json`. */
export function resolveOne(engine: ExpressionEngine, value: JsonValue, json: JsonObject = {}): JsonValue | undefined {
  return resolveEach(engine, { value }, items(json))[0].value;
}
