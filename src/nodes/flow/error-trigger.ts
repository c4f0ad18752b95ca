import type { NodeContext, NodeResult, NodeTypeDefinition } from '../types';
import { startedWithoutData, triggerItems } from '../core/triggers/trigger-input';

/**
 * n8n's Error Trigger: starts an error workflow with the failed run's description (built by
 * the execution service). Run by hand without data it shows n8n's example item, so the
 * rest of the workflow can be tried out.
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  if (ctx.mode === 'manual' && startedWithoutData(ctx)) {
    return [
      [
        {
          json: {
            execution: {
              id: '231',
              url: 'https://n8n.example.com/execution/231',
              retryOf: '34',
              error: { message: 'Example Error Message', stack: 'Stacktrace' },
              lastNodeExecuted: 'Node With Error',
              mode: 'manual',
            },
            workflow: { id: '1', name: 'Example Workflow' },
          },
        },
      ],
    ];
  }
  return [triggerItems(ctx)];
}

export const errorTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.errorTrigger',
  aliases: ['errorTrigger'],
  displayName: 'Error Trigger',
  versions: [1],
  isTrigger: true,
  inputs: () => 0,
  execute,
};
