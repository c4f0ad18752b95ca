import type { Item } from '../contracts/run-data';
import type { WorkflowJson } from '../workflow/types';

/**
 * The engine benchmark's standard 6-node workflow: Manual Trigger -> Set (2 expressions) ->
 * IF -> Code (once for each item) -> Set -> No Op. The same shape as the webhook bench
 * workflow, started by hand so the engine alone is measured.
 */
export const STANDARD_WORKFLOW: WorkflowJson = {
  id: 'bench-engine',
  name: 'bench engine',
  settings: { executionOrder: 'v1' },
  nodes: [
    { id: 'b1', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 'b2',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
      parameters: {
        mode: 'manual',
        assignments: {
          assignments: [
            { id: 'a1', name: 'greeting', value: '=Hello {{ $json.name }}', type: 'string' },
            { id: 'a2', name: 'doubled', value: '={{ $json.value * 2 }}', type: 'number' },
          ],
        },
        options: {},
      },
    },
    {
      id: 'b3',
      name: 'IF',
      type: 'n8n-nodes-base.if',
      typeVersion: 2.2,
      position: [440, 0],
      parameters: {
        conditions: {
          options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
          conditions: [{ id: 'c1', leftValue: '={{ $json.doubled }}', rightValue: 10, operator: { type: 'number', operation: 'gt' } }],
          combinator: 'and',
        },
        options: {},
      },
    },
    {
      id: 'b4',
      name: 'Code',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [660, 0],
      parameters: { mode: 'runOnceForEachItem', jsCode: 'return { json: { greeting: $json.greeting.toUpperCase(), doubled: $json.doubled, big: true } };' },
    },
    {
      id: 'b5',
      name: 'Set Result',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [880, 0],
      parameters: { mode: 'manual', includeOtherFields: true, assignments: { assignments: [{ id: 'r1', name: 'stage', value: 'done', type: 'string' }] }, options: {} },
    },
    { id: 'b6', name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [1100, 0], parameters: {} },
  ],
  connections: {
    'Manual Trigger': { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
    Set: { main: [[{ node: 'IF', type: 'main', index: 0 }]] },
    IF: { main: [[{ node: 'Code', type: 'main', index: 0 }], []] },
    Code: { main: [[{ node: 'Set Result', type: 'main', index: 0 }]] },
    'Set Result': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] },
  },
};

/** `count` input items, values 0..9 in turn, so IF sends about half to Code. */
export function benchItems(count: number): Item[] {
  return Array.from({ length: count }, (_, index) => ({ json: { name: `user${index}`, value: index % 10 } }));
}
