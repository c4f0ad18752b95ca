import type { JsonObject } from '../../../../src/workflow/json';
import type { NodeJson, WorkflowJson } from '../../../../src/workflow/types';

type Target = [node: string, input?: number];

function connect(outputs: Target[][]): { main: Array<Array<{ node: string; type: 'main'; index: number }>> } {
  return { main: outputs.map((targets) => targets.map(([node, input = 0]) => ({ node, type: 'main' as const, index: input }))) };
}

/** A number condition of IF v2 / Switch v3 rules (n8n's filter format). */
function numberCondition(left: string, operation: string, right: number): JsonObject {
  return {
    options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
    conditions: [{ id: `${operation}-${right}`, leftValue: left, rightValue: right, operator: { type: 'number', operation } }],
    combinator: 'and',
  };
}

function keepAndSet(name: string, value: string): JsonObject {
  return { assignments: { assignments: [{ id: name, name, value, type: 'string' }] }, includeOtherFields: true, options: {} };
}

/**
 * Twelve nodes with IF, Switch (renamed outputs), Merge, Loop Over Items (a loop going back)
 * and a Code node whose failing item goes to its error output. "Done" is disabled.
 * Fed {n: 1..6}: 5 fails in Validate; 1, 2 are small; 3, 4, 6 go to Route (4, 6 even, 3 odd),
 * meet in Merge, and go through the loop in batches of 2 (Process runs twice, Loop three times).
 */
export function graphWorkflow(workflowId: string): WorkflowJson {
  const nodes: NodeJson[] = [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300], parameters: {} },
    {
      name: 'Validate',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [220, 300],
      onError: 'continueErrorOutput',
      parameters: {
        mode: 'runOnceForEachItem',
        jsCode: "if ($json.n === 5) throw new Error('five is not allowed');\nreturn { json: { ...$json, valid: true } };",
      },
    },
    { name: 'Log Error', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 520], parameters: {} },
    { name: 'Check', type: 'n8n-nodes-base.if', typeVersion: 2, position: [440, 300], parameters: { conditions: numberCondition('={{ $json.n }}', 'gt', 2), options: {} } },
    { name: 'Small', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [660, 420], parameters: keepAndSet('size', 'small') },
    {
      name: 'Route',
      type: 'n8n-nodes-base.switch',
      typeVersion: 3.2,
      position: [660, 180],
      parameters: {
        rules: {
          values: [
            { conditions: numberCondition('={{ $json.n % 2 }}', 'equals', 0), renameOutput: true, outputKey: 'even' },
            { conditions: numberCondition('={{ $json.n % 2 }}', 'equals', 1), renameOutput: true, outputKey: 'odd' },
          ],
        },
        options: {},
      },
    },
    { name: 'Even', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [880, 80], parameters: keepAndSet('parity', 'even') },
    { name: 'Odd', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [880, 280], parameters: keepAndSet('parity', 'odd') },
    { name: 'Merge', type: 'n8n-nodes-base.merge', typeVersion: 3, position: [1100, 180], parameters: {} },
    { name: 'Loop', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [1320, 180], parameters: { batchSize: 2, options: {} } },
    { name: 'Process', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [1540, 320], parameters: keepAndSet('processed', 'yes') },
    { name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [1540, 60], disabled: true, parameters: {} },
  ];
  return {
    id: workflowId,
    name: `Graph ${workflowId}`,
    nodes,
    connections: {
      Start: connect([[['Validate']]]),
      Validate: connect([[['Check']], [['Log Error']]]),
      Check: connect([[['Route']], [['Small']]]),
      Route: connect([[['Even']], [['Odd']]]),
      Even: connect([[['Merge', 0]]]),
      Odd: connect([[['Merge', 1]]]),
      Merge: connect([[['Loop']]]),
      Loop: connect([[['Done']], [['Process']]]),
      Process: connect([[['Loop']]]),
    },
    settings: { executionOrder: 'v1', saveExecutionProgress: true },
  };
}

/** Start -> Fetch (a slow loopback URL) -> After: runs long enough to be watched. */
export function slowWorkflow(workflowId: string, slowUrl: string): WorkflowJson {
  return {
    id: workflowId,
    name: `Slow ${workflowId}`,
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'Fetch', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0], parameters: { url: slowUrl, options: {} } },
      { name: 'After', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [440, 0], parameters: keepAndSet('after', 'yes') },
    ],
    connections: { Start: connect([[['Fetch']]]), Fetch: connect([[['After']]]) },
    settings: { executionOrder: 'v1', saveExecutionProgress: true },
  };
}

const GRID_TYPES = ['n8n-nodes-base.set', 'n8n-nodes-base.if', 'n8n-nodes-base.code', 'n8n-nodes-base.noOp', 'n8n-nodes-base.httpRequest'];

/** `count` nodes on a 20-wide grid, each feeding the next; every IF also feeds the one after next. */
export function gridWorkflow(workflowId: string, count: number): WorkflowJson {
  const nodes: NodeJson[] = Array.from({ length: count }, (_, index) => ({
    name: `Node ${index + 1}`,
    type: index === 0 ? 'n8n-nodes-base.manualTrigger' : GRID_TYPES[index % GRID_TYPES.length],
    typeVersion: 1,
    position: [(index % 20) * 220, Math.floor(index / 20) * 200],
    parameters: {},
  }));
  const connections: WorkflowJson['connections'] = {};
  nodes.forEach((node, index) => {
    const next = nodes[index + 1];
    if (!next) return;
    const after = nodes[index + 2];
    connections[node.name] = node.type === 'n8n-nodes-base.if' && after ? connect([[[next.name]], [[after.name]]]) : connect([[[next.name]]]);
  });
  return { id: workflowId, name: `Grid ${workflowId}`, nodes, connections, settings: { executionOrder: 'v1' } };
}
