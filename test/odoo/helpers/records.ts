import type { WorkflowJson } from '../../../src/workflow/types';
import type { ExecutionLogRecord, ExecutionRecord } from '../../../src/store/types';
import type { RunExecutionData } from '../../../src/contracts/run-data';
import { emptyRunState } from '../../../src/engine/run-state';

/** The seed's first test workflow: Manual Trigger -> Set, as n8n JSON. */
export function manualToSetWorkflow(workflowId: string): WorkflowJson {
  return {
    id: workflowId,
    name: `Manual to Set ${workflowId}`,
    nodes: [
      {
        id: `${workflowId}-trigger`,
        name: 'Manual Trigger',
        type: 'manual',
        position: [0, 0],
        parameters: {},
      },
      {
        id: `${workflowId}-set`,
        name: 'Set Node',
        type: 'set',
        position: [220, 0],
        parameters: { values: { test: 'value' } },
        retryOnFail: true,
        maxTries: 4,
        waitBetweenTries: 2000,
      },
    ],
    connections: { 'Manual Trigger': { main: [[{ node: 'Set Node', type: 'main', index: 0 }]] } },
    settings: {
      executionOrder: 'v1',
      executionTimeout: 600,
      saveManualExecutions: true,
      saveDataSuccessExecution: 'all',
      saveDataErrorExecution: 'all',
      saveExecutionProgress: false,
    },
  };
}

const T0 = Date.UTC(2026, 0, 2, 10, 0, 0);

export function runData(lastNode?: string): RunExecutionData {
  const state = emptyRunState();
  if (lastNode) state.resultData.lastNodeExecuted = lastNode;
  return state;
}

export function nodeLog(nodeName: string, sequence: number, nodeId?: string): ExecutionLogRecord {
  return {
    nodeName,
    ...(nodeId ? { nodeId } : {}),
    runIndex: 0,
    sequence,
    startedAt: new Date(T0 + sequence * 1000),
    finishedAt: new Date(T0 + sequence * 1000 + 250),
    status: 'success',
    inputItems: [{ json: {} }],
    outputItems: [[{ json: { test: 'value' } }]],
  };
}

/** An execution of `manualToSetWorkflow` in one of its states. */
export function executionRecord(
  id: string,
  canvasId: string,
  workflow: WorkflowJson,
  state: 'running' | 'success',
  extra: Partial<ExecutionRecord> = {},
): ExecutionRecord {
  const finished = state === 'success';
  return {
    id,
    canvasId,
    workflowId: workflow.id ?? canvasId,
    mode: 'manual',
    status: state,
    finished,
    startedAt: new Date(T0),
    ...(finished ? { stoppedAt: new Date(T0 + 2500) } : {}),
    workflowData: workflow,
    data: runData(finished ? 'Set Node' : undefined),
    logs: finished
      ? [nodeLog('Manual Trigger', 0, workflow.nodes[0]?.id), nodeLog('Set Node', 1, workflow.nodes[1]?.id)]
      : [],
    ...extra,
  };
}
