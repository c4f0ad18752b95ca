import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject } from '../../../workflow/json';
import { prepareBinary } from '../../binary-helpers';
import { readObject, readString } from '../../core/shared/node-helpers';
import { confinedPath } from '../shared/confined-path';
import { failedItemOrThrow } from '../shared/item-failure';

const WILDCARD = /[*?]/;

function wildcardPattern(name: string): RegExp {
  const escaped = name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

/** The files a selector names: one path, or `*`/`?` wildcards in its last part (sorted). */
async function selectFiles(ctx: NodeContext, selector: string, itemIndex: number): Promise<string[]> {
  const name = path.basename(selector);
  if (!WILDCARD.test(name)) return [selector];
  if (WILDCARD.test(path.dirname(selector))) {
    throw new NodeOperationError(ctx.node.name, 'Wildcards are only supported in the file name, not in folders', { itemIndex });
  }
  const folder = await confinedPath(ctx, path.dirname(selector) || '.', itemIndex);
  const pattern = wildcardPattern(name);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && pattern.test(entry.name)).map((entry) => path.join(path.dirname(selector), entry.name)).sort();
}

/** n8n's Read/Write Files from Disk "read": each matching file as a binary item. */
export async function readFiles(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const selector = readString(ctx, 'fileSelector', itemIndex, '');
    try {
      const options = readObject(ctx, 'options', itemIndex);
      const property = typeof options.dataPropertyName === 'string' && options.dataPropertyName !== '' ? options.dataPropertyName : 'data';
      const files = await selectFiles(ctx, selector, itemIndex);
      if (files.length === 0 && ctx.node.typeVersion > 1) {
        throw new NodeOperationError(ctx.node.name, 'No file(s) found', { itemIndex, description: `No file matching the selector "${selector}" found` });
      }
      for (const file of files) {
        const resolved = await confinedPath(ctx, file, itemIndex);
        // O_NOFOLLOW: a link swapped in after the check is still not followed.
        const handle = await open(resolved, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw new NodeOperationError(ctx.node.name, `The file "${file}" could not be accessed.`, { itemIndex });
          throw error;
        });
        let binary;
        try {
          if (!(await handle.stat()).isFile()) throw new NodeOperationError(ctx.node.name, 'The path is not a regular file.', { itemIndex });
          binary = await prepareBinary(ctx, handle.createReadStream(), { filePath: file }, itemIndex);
        } finally {
          await handle.close().catch(() => undefined);
        }
        if (options.fileName !== undefined) binary.fileName = String(options.fileName);
        if (options.fileExtension !== undefined) binary.fileExtension = String(options.fileExtension);
        if (options.mimeType !== undefined) binary.mimeType = String(options.mimeType);
        const json: JsonObject = { mimeType: binary.mimeType };
        for (const key of ['fileType', 'fileName', 'fileExtension', 'fileSize'] as const) if (binary[key] !== undefined) json[key] = binary[key] as string;
        output.push({ json, binary: { [property]: binary }, pairedItem: { item: itemIndex } });
      }
    } catch (error) {
      output.push(failedItemOrThrow(ctx, error, itemIndex));
    }
  }
  return output;
}
