import type { JsonObject, JsonValue } from '../../src/workflow/json';
import type { Workflow, WorkflowNode } from '../../src/workflow/types';
import type { Item, RunExecutionData, TaskSource } from '../../src/contracts/run-data';
import { createCustomData } from '../../src/engine/custom-data';
import { emptyRunState } from '../../src/engine/run-state';
import type { CodeRequest, CodeResult } from '../../src/contracts/code';
import type { NodeContext } from '../../src/contracts/node-type';
import type { AiConnectionType, AiSupplyMap } from '../../src/contracts/ai';
import type { NodeServices } from '../../src/contracts/node-services';
import { readPath } from '../../src/engine/param-path';
import type { NodeContextInput } from '../../src/engine/node-context';
import type { ExpressionSession } from '../../src/expressions/types';
import { loadNodeCredentials, updateNodeCredentials, type NodeCredentialsScope } from '../../src/nodes/credentials';

export interface FakeContextOptions {
  type?: string;
  typeVersion?: number;
  parameters?: JsonObject;
  inputs?: Item[][];
  node?: Partial<WorkflowNode>;
  /** Per-item parameter overrides, standing in for expressions: `perItem[i]` is merged over parameters. */
  perItem?: JsonObject[];
  runCode?: (request: CodeRequest) => Promise<CodeResult>;
  services?: NodeServices;
  continueOnFail?: boolean;
  runIndex?: number;
  nodeState?: JsonObject;
  timezone?: string;
  source?: TaskSource | null;
  /** The run state custom data is written to (a fresh one when absent). */
  runState?: RunExecutionData;
  /** What getInputConnectionData hands the node, per connection type ([] when absent). */
  subNodes?: { [T in AiConnectionType]?: Array<AiSupplyMap[T]> };
}

/** A NodeContext for unit-testing one node without the engine or the sandbox. */
export function fakeContext(options: FakeContextOptions = {}): NodeContext {
  const node: WorkflowNode = {
    id: 'node-1',
    name: 'Test Node',
    type: options.type ?? 'n8n-nodes-base.noOp',
    typeVersion: options.typeVersion ?? 1,
    position: [0, 0],
    parameters: options.parameters ?? {},
    disabled: false,
    retryOnFail: false,
    maxTries: 3,
    waitBetweenTries: 1000,
    retryBackoff: 'fixed',
    onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
    alwaysOutputData: false,
    executeOnce: false,
    ...options.node,
  };
  const inputs = options.inputs ?? [[{ json: {} }]];
  const runState = options.runState ?? emptyRunState();
  const workflow: Workflow = {
    id: 'wf-test',
    name: 'Test Workflow',
    active: false,
    nodes: new Map([[node.name, node]]),
    connectionsBySource: new Map(),
    connectionsByDestination: new Map(),
    subNodesByRoot: new Map(),
    subNodeNames: new Set(),
    settings: { executionOrder: 'v1' },
    staticData: {},
    pinData: {},
    source: { nodes: [], connections: {} },
  };
  const paramsFor = (itemIndex: number): JsonObject => ({
    ...node.parameters,
    ...(options.perItem?.[itemIndex] ?? {}),
  });
  const services = options.services ?? {};
  // Credential fields holding expressions are not evaluated here (no sandbox): they pass as written.
  const credentialScope: NodeCredentialsScope = { workflow, node, services, evaluate: (value) => value };
  return {
    node,
    workflow,
    executionId: 'exec-test',
    mode: 'manual',
    runIndex: options.runIndex ?? 0,
    signal: new AbortController().signal,
    inputs,
    timezone: options.timezone ?? (typeof workflow.settings.timezone === 'string' ? workflow.settings.timezone : 'UTC'),
    source: options.source ?? null,
    getInputItems: (index = 0) => inputs[index] ?? [],
    getParam<T extends JsonValue | undefined = JsonValue>(path: string, itemIndex: number, fallback?: T): T {
      const value = readPath(paramsFor(itemIndex), path);
      return (value === undefined ? fallback : value) as T;
    },
    getRawParam: (path: string) => readPath(node.parameters, path),
    evaluate: (value: JsonValue) => value,
    runCode:
      options.runCode ??
      (() => Promise.reject(new Error('runCode is not available in this fake context'))),
    continueOnFail: () => options.continueOnFail === true,
    nodeState: options.nodeState ?? {},
    staticData: {},
    customData: createCustomData(runState, 'manual'),
    services,
    getCredentials: <T extends object = JsonObject>(type: string, itemIndex?: number) => loadNodeCredentials(credentialScope, type, itemIndex) as Promise<T>,
    updateCredentials: (type: string, data: JsonObject) => updateNodeCredentials(credentialScope, type, data),
    getInputConnectionData: <T extends AiConnectionType>(type: T) => Promise.resolve((options.subNodes?.[type] ?? []) as Array<AiSupplyMap[T]>),
  };
}

/** Shorthand: items from plain json objects. */
export function items(...jsons: JsonObject[]): Item[] {
  return jsons.map((json) => ({ json }));
}

/** What the engine hands createNodeContext for `nodeName` of `workflow`, with everyday defaults. */
export function engineContextInput(workflow: Workflow, nodeName: string, session: ExpressionSession, inputs: Item[][], extra: Partial<NodeContextInput> = {}): NodeContextInput {
  const node = workflow.nodes.get(nodeName);
  if (!node) throw new Error(`no node ${nodeName} in the test workflow`);
  return {
    workflow,
    node,
    executionId: 'e',
    mode: 'manual',
    runIndex: 0,
    inputs,
    source: null,
    session,
    signal: new AbortController().signal,
    services: {},
    nodeState: {},
    staticData: {},
    timezone: 'UTC',
    customData: createCustomData(emptyRunState(), 'manual'),
    ...extra,
  };
}
