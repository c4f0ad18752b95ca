import type { Item, Run } from '../contracts/run-data';
import type { ExecutionRecord } from '../store/types';
import type { JsonObject } from '../workflow/json';
import type { Workflow } from '../workflow/types';

/** The item an Error Trigger outputs, shaped as n8n's (execution + workflow). */
export function buildErrorTriggerItem(workflow: Workflow, record: ExecutionRecord, run: Run, publicUrl: string): Item {
  const error = run.data.resultData.error;
  const execution: JsonObject = {
    id: record.id,
    url: `${publicUrl}/executions/${record.id}`,
    error: {
      message: error?.message ?? 'Unknown error',
      name: error?.name ?? 'Error',
      ...(error?.description ? { description: error.description } : {}),
      ...(error?.node ? { node: { name: error.node.name, type: error.node.type } } : {}),
      ...(error?.stack ? { stack: error.stack } : {}),
    },
    lastNodeExecuted: run.data.resultData.lastNodeExecuted ?? null,
    mode: record.mode,
  };
  if (record.retryOf) execution.retryOf = record.retryOf;
  return { json: { execution, workflow: { id: workflow.id, name: workflow.name } } };
}
