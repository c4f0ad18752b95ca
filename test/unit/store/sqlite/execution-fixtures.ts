import type { ExecutionLogRecord, ExecutionRecord } from '../../../../src/store/types';

export function logRecord(sequence: number, overrides: Partial<ExecutionLogRecord> = {}): ExecutionLogRecord {
  return {
    nodeName: `Node ${sequence}`,
    nodeId: `node-${sequence}`,
    runIndex: 0,
    sequence,
    startedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 0, sequence * 10)),
    finishedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 0, sequence * 10 + 4)),
    status: 'success',
    inputItems: [{ json: { index: sequence } }],
    outputItems: [[{ json: { index: sequence, done: true }, pairedItem: { item: 0 } }]],
    ...overrides,
  };
}

/** A finished manual run of `Manual` -> `Set`, saved as the engine would save it. */
export function executionRecord(id: string, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id,
    canvasId: 'orders',
    workflowId: 'orders',
    mode: 'manual',
    status: 'success',
    finished: true,
    startedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 0)),
    stoppedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 1, 500)),
    workflowData: {
      id: 'orders',
      name: 'Orders',
      nodes: [
        { name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: {} },
      ],
      connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    },
    data: {
      startData: {},
      resultData: {
        runData: {
          Manual: [
            {
              startTime: 1746093600000,
              executionTime: 1,
              executionIndex: 0,
              executionStatus: 'success',
              source: [],
              data: { main: [[{ json: {} }]] },
            },
          ],
        },
        lastNodeExecuted: 'Set',
      },
      executionData: {
        nodeExecutionStack: [],
        waitingExecution: {},
        waitingExecutionSource: {},
        nextExecutionIndex: 2,
        nodeRunCount: 2,
      },
    },
    logs: [logRecord(1), logRecord(2)],
    ...overrides,
  };
}
