import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { readString } from '../../core/shared/node-helpers';
import { readFiles } from './read-files';
import { writeFiles } from './write-files';

/** n8n's Read/Write Files from Disk (typeVersions 1 and 1.1), confined to FILES_DIR. */
async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'read');
  return [operation === 'write' ? await writeFiles(ctx, items) : await readFiles(ctx, items)];
}

export const readWriteFileNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.readWriteFile',
  aliases: ['readWriteFile'],
  displayName: 'Read/Write Files from Disk',
  versions: [1, 1.1],
  execute,
};
