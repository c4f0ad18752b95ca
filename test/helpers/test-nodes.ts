import type { JsonObject } from '../../src/workflow/json';
import type { NodeTypeDefinition, NodeContext, NodeResult } from '../../src/contracts/node-type';
import type { ExpressionEngine } from '../../src/expressions/types';
import { NodeRegistry } from '../../src/nodes/registry';
import { buildWorkflow } from '../../src/workflow/parse';
import type { EngineDependencies } from '../../src/engine/executor';
import type { Workflow, WorkflowJson } from '../../src/workflow/types';

/** Minimal node types so engine tests do not depend on the real nodes or the sandbox. */
const pass = (ctx: NodeContext): Promise<NodeResult> => Promise.resolve([ctx.getInputItems().map((item) => ({ json: { ...item.json } }))]);

export const testNodeTypes: NodeTypeDefinition[] = [
  { type: 'test.trigger', displayName: 'Trigger', versions: [1], isTrigger: true, execute: pass },
  {
    type: 'test.source',
    displayName: 'Source',
    versions: [1],
    execute: (ctx) => Promise.resolve([(ctx.getParam('items', 0, []) as JsonObject[]).map((json) => ({ json }))]),
  },
  { type: 'test.pass', displayName: 'Pass', versions: [1], execute: pass },
  {
    type: 'test.fail',
    displayName: 'Fail',
    versions: [1],
    execute: (ctx) => Promise.reject(new Error(String(ctx.getParam('message', 0, 'failed')))),
  },
  {
    type: 'test.split',
    displayName: 'Split by flag',
    versions: [1],
    outputs: () => 2,
    execute: (ctx) => {
      const items = ctx.getInputItems();
      return Promise.resolve([items.filter((i) => i.json.flag === true), items.filter((i) => i.json.flag !== true)]);
    },
  },
  {
    type: 'test.append',
    displayName: 'Append inputs',
    versions: [1],
    inputs: () => 2,
    execute: (ctx) => Promise.resolve([[...ctx.getInputItems(0), ...ctx.getInputItems(1)].map((i) => ({ json: i.json }))]),
  },
  {
    type: 'test.empty',
    displayName: 'Empty',
    versions: [1],
    execute: () => Promise.resolve([[]]),
  },
];

export const noSandbox: ExpressionEngine = {
  openSession: () => ({
    resolveParameters: () => {
      throw new Error('no sandbox in this test');
    },
    evaluate: () => {
      throw new Error('no sandbox in this test');
    },
    runCode: () => Promise.reject(new Error('no sandbox in this test')),
    close: () => undefined,
  }),
  dispose: () => undefined,
};

export function testRegistry(extra: NodeTypeDefinition[] = []): NodeRegistry {
  return new NodeRegistry([...testNodeTypes, ...extra]);
}

export function testDeps(extra: NodeTypeDefinition[] = [], overrides: Partial<EngineDependencies> = {}): EngineDependencies {
  return {
    nodeTypes: testRegistry(extra),
    expressions: noSandbox,
    services: {},
    maxNodeRuns: 1000,
    timezone: 'UTC',
    ...overrides,
  };
}

type NodeSpec = [name: string, type: string, extra?: Record<string, unknown>];

/** Builds a workflow from `[name, type, extra]` tuples and `[from, to, output?, input?]` edges. */
export function testWorkflow(
  nodes: NodeSpec[],
  edges: Array<[string, string, number?, number?]>,
  extra: NodeTypeDefinition[] = [],
): Workflow {
  const connections: WorkflowJson['connections'] = {};
  for (const [from, to, output = 0, input = 0] of edges) {
    const main = (connections[from] ??= { main: [] }).main;
    while (main.length <= output) main.push([]);
    main[output]!.push({ node: to, type: 'main', index: input });
  }
  const json = {
    name: 'Test',
    nodes: nodes.map(([name, type, more], index) => ({ name, type, typeVersion: 1, position: [index * 200, 0], parameters: {}, ...more })),
    connections,
    settings: { executionOrder: 'v1' },
  };
  return buildWorkflow(json, testRegistry(extra));
}
