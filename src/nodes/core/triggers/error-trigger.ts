import type { Item } from '../../../contracts/run-data';
import type { NodeTypeDefinition } from '../../../contracts/node-type';
import { startedWithoutData, triggerItems } from './trigger-input';

/**
 * n8n's Error Trigger: starts an error workflow with the failed run's data. Run by hand
 * without data it emits n8n's example so the rest of the workflow can be built.
 */
const EXAMPLE_EXECUTION_ID = 231;

export function exampleErrorData(): Item {
  return {
    json: {
      execution: {
        id: EXAMPLE_EXECUTION_ID,
        url: `http://localhost:5678/execution/workflow/1/${EXAMPLE_EXECUTION_ID}`,
        retryOf: '34',
        error: { message: 'Example Error Message', stack: 'Stacktrace' },
        lastNodeExecuted: 'Node With Error',
        mode: 'manual',
      },
      workflow: { id: '1', name: 'Example Workflow' },
    },
  };
}

export const errorTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.errorTrigger',
  aliases: ['errorTrigger'],
  displayName: 'Error Trigger',
  versions: [1],
  isTrigger: true,
  inputs: () => 0,
  execute: async (ctx) => {
    if (ctx.mode === 'manual' && startedWithoutData(ctx)) {
      return [[exampleErrorData()]];
    }
    return [triggerItems(ctx)];
  },
};
