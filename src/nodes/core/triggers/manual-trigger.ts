import type { NodeTypeDefinition } from '../../../contracts/node-type';
import { triggerItems } from './trigger-input';

/** n8n's Manual Trigger: starts a run with the given data, or one empty item. */
export const manualTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.manualTrigger',
  aliases: ['manual', 'manualTrigger'],
  displayName: 'Manual Trigger',
  versions: [1],
  isTrigger: true,
  inputs: () => 0,
  execute: async (ctx) => [triggerItems(ctx)],
};
