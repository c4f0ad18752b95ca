import type { JsonObject } from '../../../src/workflow/json';
import type { NodeJson, WorkflowJson } from '../../../src/workflow/types';

type NodeSpec = [name: string, type: string, parameters?: JsonObject, extra?: Partial<NodeJson>];

/** A linear workflow: each node feeds the next, laid out left to right. */
export function chain(id: string, nodes: NodeSpec[], settings: WorkflowJson['settings'] = {}): WorkflowJson {
  const connections: WorkflowJson['connections'] = {};
  nodes.forEach(([name], index) => {
    const next = nodes[index + 1];
    if (next) connections[name] = { main: [[{ node: next[0], type: 'main', index: 0 }]] };
  });
  return {
    id,
    name: id,
    settings: { executionOrder: 'v1', ...settings },
    nodes: nodes.map(([name, type, parameters = {}, extra = {}], index) => ({ name, type, typeVersion: VERSIONS[type] ?? 1, position: [index * 220, 0], parameters, ...extra })),
    connections,
  };
}

/** Set v3.4 assigning fixed or expression values. */
export function set(values: Record<string, string | number | boolean>): JsonObject {
  return {
    mode: 'manual',
    assignments: {
      assignments: Object.entries(values).map(([name, value], index) => ({
        id: `a${index}`,
        name,
        value,
        type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
      })),
    },
    options: {},
  };
}

export const MANUAL = 'n8n-nodes-base.manualTrigger';
export const SET = 'n8n-nodes-base.set';
export const WEBHOOK = 'n8n-nodes-base.webhook';
export const RESPOND = 'n8n-nodes-base.respondToWebhook';
export const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';
export const NOOP = 'n8n-nodes-base.noOp';

/** The typeVersions n8n's editor writes today. */
const VERSIONS: Record<string, number> = { [SET]: 3.4, [WEBHOOK]: 2, [RESPOND]: 1.5, [SCHEDULE]: 1.2, [MANUAL]: 1, [NOOP]: 1 };
