import type { NodeTypeDefinition } from '../../contracts/node-type';
import { passItem } from './shared/node-helpers';

/** n8n's No Operation node: hands its items on. */
export const noOpNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.noOp',
  aliases: ['noOp'],
  displayName: 'No Operation, do nothing',
  versions: [1],
  execute: async (ctx) => [ctx.getInputItems(0).map((item, index) => passItem(item, index))],
};
