import type { NodeTypeDefinition } from '../../contracts/node-type';
import { triggerItems } from '../core/triggers/trigger-input';

export const FORM_TRIGGER_NODE_TYPE = 'n8n-nodes-base.formTrigger';

/**
 * n8n's Form Trigger (v2 to 2.6). Serving the form, checking a submission and answering live
 * in the trigger system (`/form/<path>`); the run starts with the submitted item, which the
 * node hands on.
 */
export const formTriggerNode: NodeTypeDefinition = {
  type: FORM_TRIGGER_NODE_TYPE,
  aliases: ['formTrigger'],
  displayName: 'n8n Form Trigger',
  versions: [2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6],
  isTrigger: true,
  inputs: () => 0,
  execute: async (ctx) => [triggerItems(ctx)],
};
