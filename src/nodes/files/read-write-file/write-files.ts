import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { binaryToStream, inputBinary } from '../../binary-helpers';
import { readObject, readString } from '../../core/shared/node-helpers';
import { confinedPath } from '../shared/confined-path';
import { failedItemOrThrow } from '../shared/item-failure';

/** n8n's Read/Write Files from Disk "write": the binary property to a file, the item passed on with `fileName`. */
export async function writeFiles(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    const fileName = readString(ctx, 'fileName', itemIndex, '');
    try {
      const property = readString(ctx, 'dataPropertyName', itemIndex, 'data');
      const options = readObject(ctx, 'options', itemIndex);
      const binary = inputBinary(ctx, item, itemIndex, property);
      const resolved = await confinedPath(ctx, fileName, itemIndex, { createParents: true });
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (options.append === true ? constants.O_APPEND : 0);
      const handle = await open(resolved, flags, 0o644);
      try {
        if (!(await handle.stat()).isFile()) throw new NodeOperationError(ctx.node.name, 'The path is not a regular file.', { itemIndex });
        if (options.append !== true) await handle.truncate(0);
        await pipeline(await binaryToStream(ctx, binary, itemIndex), handle.createWriteStream());
      } finally {
        await handle.close().catch(() => undefined);
      }
      const next: Item = { json: { ...item.json, fileName }, pairedItem: { item: itemIndex } };
      if (item.binary !== undefined) next.binary = { ...item.binary };
      output.push(next);
    } catch (error) {
      output.push(failedItemOrThrow(ctx, error, itemIndex));
    }
  }
  return output;
}
