import type { JsonObject } from '../../../../src/workflow/json';
import type { NodeJson, WorkflowJson } from '../../../../src/workflow/types';

/** [name, n8n type, typeVersion, parameters] */
type NodeSpec = [name: string, type: string, typeVersion: number, parameters: JsonObject];

/** n8n export JSON for a straight chain of nodes, each feeding the next. */
export function chainWorkflow(workflowId: string, name: string, specs: NodeSpec[]): WorkflowJson {
  const nodes: NodeJson[] = specs.map(([nodeName, type, typeVersion, parameters], index) => ({
    id: `${workflowId}-${index}`,
    name: nodeName,
    type,
    typeVersion,
    position: [index * 220, 0],
    parameters,
  }));
  const connections: WorkflowJson['connections'] = {};
  for (let index = 0; index + 1 < specs.length; index += 1) {
    connections[specs[index][0]] = { main: [[{ node: specs[index + 1][0], type: 'main', index: 0 }]] };
  }
  return { id: workflowId, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** An Edit Fields (Set) v3.4 node assigning [field, value, type] triples and nothing else. */
export function setNode(name: string, assignments: Array<[string, string, string]>, includeOtherFields = false): NodeSpec {
  return [
    name,
    'n8n-nodes-base.set',
    3.4,
    {
      assignments: { assignments: assignments.map(([field, value, type], index) => ({ id: String(index), name: field, value, type })) },
      includeOtherFields,
      options: {},
    },
  ];
}

export const manualTrigger: NodeSpec = ['Manual Trigger', 'n8n-nodes-base.manualTrigger', 1, {}];

/** Manual Trigger -> First Set -> Wait (resume on a POST to the resume URL) -> Final Set. */
export function approvalWorkflow(workflowId: string): WorkflowJson {
  return chainWorkflow(workflowId, `Live approval ${workflowId}`, [
    manualTrigger,
    setNode('First Set', [
      ['x', '7', 'number'],
      ['name', 'Ada', 'string'],
    ]),
    ['Wait', 'n8n-nodes-base.wait', 1.1, { resume: 'webhook', httpMethod: 'POST' }],
    setNode('Final Set', [
      ['approved', '={{ $json.body.approved }}', 'boolean'],
      ['note', '={{ $json.body.note }}', 'string'],
      ['x', "={{ $('First Set').item.json.x }}", 'number'],
      ['name', "={{ $('First Set').item.json.name }}", 'string'],
    ]),
  ]);
}

/** Manual Trigger -> First Set -> Wait 2 seconds -> Done. */
export function timedWaitWorkflow(workflowId: string): WorkflowJson {
  return chainWorkflow(workflowId, `Live timed wait ${workflowId}`, [
    manualTrigger,
    setNode('First Set', [['step', 'before', 'string']]),
    ['Wait', 'n8n-nodes-base.wait', 1.1, { resume: 'timeInterval', amount: 2, unit: 'seconds' }],
    setNode('Done', [['step', "={{ $('First Set').item.json.step }} and after", 'string']]),
  ]);
}

/** Execute Workflow Trigger -> Child Set (n doubled, the caller's fields kept). */
export function childWorkflow(workflowId: string): WorkflowJson {
  return chainWorkflow(workflowId, `Live child ${workflowId}`, [
    ['When Called', 'n8n-nodes-base.executeWorkflowTrigger', 1.1, { inputSource: 'passthrough' }],
    setNode('Child Set', [['doubled', '={{ $json.n * 2 }}', 'number']], true),
  ]);
}

/**
 * Manual Trigger -> Make Item (n = 3) -> Call Child (`childRef`) -> Slow Call -> After Child.
 * Slow Call (an HTTP GET of `slowUrl`, which answers late) keeps the parent running well
 * after its child was saved, as real work after a sub-workflow does: the child's record
 * must still be linked to its parent's in Odoo.
 */
export function parentWorkflow(workflowId: string, childRef: string, slowUrl: string): WorkflowJson {
  return chainWorkflow(workflowId, `Live parent ${workflowId}`, [
    manualTrigger,
    setNode('Make Item', [['n', '3', 'number']]),
    ['Call Child', 'n8n-nodes-base.executeWorkflow', 1.2, { source: 'database', workflowId: { __rl: true, value: childRef, mode: 'id' }, options: {} }],
    ['Slow Call', 'n8n-nodes-base.httpRequest', 4.2, { method: 'GET', url: slowUrl, options: {} }],
    setNode('After Child', [
      ['n', "={{ $('Call Child').item.json.n }}", 'number'],
      ['doubled', "={{ $('Call Child').item.json.doubled }}", 'number'],
      ['slowAnswer', '={{ $json.answer }}', 'string'],
    ]),
  ]);
}
