import type { NodeTypeDefinition } from '../../../contracts/node-type';
import { runDateTimeV1 } from './date-time-v1';
import { runDateTimeV2 } from './date-time-v2';

/** n8n's Date & Time node, typeVersions 1 (moment) and 2 (luxon). */
export const dateTimeNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.dateTime',
  aliases: ['dateTime'],
  displayName: 'Date & Time',
  versions: [1, 2],
  execute: async (ctx) => [ctx.node.typeVersion < 2 ? runDateTimeV1(ctx) : runDateTimeV2(ctx)],
};
