import { lookup as lookupMimeType, extension as extensionOf } from 'mime-types';
import type { BinaryData, Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { binaryStoreOf, binaryToBuffer, inputBinary, prepareBinary } from '../../binary-helpers';
import { readString } from '../../core/shared/node-helpers';
import { gunzipBytes, gzipBytes, unzipFiles, zipFiles } from './archive';
import { failedItemOrThrow } from '../shared/item-failure';

/** n8n's Compression (typeVersions 1 and 1.1): zip and gzip, both ways (tar is refused). */

function propertyNames(ctx: NodeContext, itemIndex: number): string[] {
  return readString(ctx, 'binaryPropertyName', itemIndex, 'data')
    .split(',')
    .map((name) => name.trim());
}

async function decompress(ctx: NodeContext, item: Item, itemIndex: number): Promise<Item> {
  const limit = binaryStoreOf(ctx).maxBytes;
  const prefix = readString(ctx, 'outputPrefix', 0, 'file_');
  const binaryObject: Record<string, BinaryData> = {};
  let zipIndex = 0;
  for (const [index, property] of propertyNames(ctx, 0).entries()) {
    const binary = inputBinary(ctx, item, itemIndex, property);
    const bytes = await binaryToBuffer(ctx, binary, itemIndex);
    const extension = binary.fileExtension?.toLowerCase();
    if (!extension) throw new NodeOperationError(ctx.node.name, `File extension not found for binary data ${property}`, { itemIndex });
    if (extension === 'zip') {
      for (const file of unzipFiles(bytes, limit)) binaryObject[`${prefix}${zipIndex++}`] = await prepareBinary(ctx, file.data, { filePath: file.name }, itemIndex);
    } else if (extension === 'gz' || extension === 'gzip') {
      const data = gunzipBytes(bytes, limit);
      const fileName = binary.fileName?.split('.')[0];
      let fileExtension: string | undefined;
      let mimeType: string | false | undefined;
      if (binary.fileName?.endsWith('.gz')) {
        const parts = binary.fileName.replace('.gz', '').split('.');
        if (parts.length > 1) {
          fileExtension = parts[parts.length - 1];
          mimeType = lookupMimeType(fileExtension);
        }
      }
      const name = `${prefix}${index}`;
      const stored = await prepareBinary(ctx, data, { filePath: fileName, mimeType: mimeType || undefined }, itemIndex);
      if (!fileExtension) {
        mimeType = stored.mimeType;
        fileExtension = extensionOf(stored.mimeType) || undefined;
      }
      stored.fileName = `${fileName}.${fileExtension}`;
      if (fileExtension !== undefined) stored.fileExtension = fileExtension;
      if (typeof mimeType === 'string') stored.mimeType = mimeType;
      binaryObject[name] = stored;
    } else {
      throw new NodeOperationError(ctx.node.name, `Unsupported archive format ".${extension}" for binary data ${property}`, {
        itemIndex,
        description: 'The Decompress operation supports the following formats here: zip and gzip',
      });
    }
  }
  return { json: item.json, binary: binaryObject, pairedItem: { item: itemIndex } };
}

async function compress(ctx: NodeContext, item: Item, itemIndex: number): Promise<Item> {
  const version = ctx.node.typeVersion;
  const optionsIndex = version > 1 ? itemIndex : 0;
  const format = readString(ctx, 'outputFormat', 0, version > 1 ? 'zip' : '');
  if (format === 'tar' || format === 'targz') {
    throw new NodeOperationError(ctx.node.name, `The "${format}" output format is not supported by this service`, { itemIndex, description: 'Use zip or gzip' });
  }
  const zipped: Array<{ name: string; data: Buffer; extension?: string }> = [];
  const binaryObject: Record<string, BinaryData> = {};
  for (const [index, property] of propertyNames(ctx, optionsIndex).entries()) {
    const binary = inputBinary(ctx, item, itemIndex, property);
    const bytes = await binaryToBuffer(ctx, binary, itemIndex);
    if (format === 'zip') {
      zipped.push({ name: binary.fileName ?? 'undefined', data: bytes, extension: binary.fileExtension });
    } else if (format === 'gzip') {
      let name: string;
      let filePath: string;
      if (version > 1) {
        name = `${readString(ctx, 'binaryPropertyOutput', itemIndex, 'data')}${index ? index : ''}`;
        const given = readString(ctx, 'fileName', itemIndex, '');
        const fileName = given ? given.replace('.gz', '').replace('.gzip', '') : binary.fileName?.split('.')[0];
        filePath = `${fileName}${binary.fileExtension ? `.${binary.fileExtension.toLowerCase()}` : ''}.gz`;
      } else {
        name = `${readString(ctx, 'outputPrefix', 0, 'data')}${index}`;
        filePath = `${binary.fileName?.split('.')[0]}.gzip`;
      }
      binaryObject[name] = await prepareBinary(ctx, await gzipBytes(bytes), { filePath }, itemIndex);
    }
  }
  if (format === 'zip') {
    const fileName = readString(ctx, 'fileName', optionsIndex, '');
    const output = readString(ctx, 'binaryPropertyOutput', optionsIndex, 'data');
    const archive = await prepareBinary(ctx, await zipFiles(zipped), { filePath: fileName || undefined }, itemIndex);
    return { json: item.json, binary: { [output]: archive }, pairedItem: { item: itemIndex } };
  }
  return { json: item.json, binary: binaryObject, pairedItem: { item: itemIndex } };
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'decompress');
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    try {
      output.push(operation === 'compress' ? await compress(ctx, item, itemIndex) : await decompress(ctx, item, itemIndex));
    } catch (error) {
      output.push(failedItemOrThrow(ctx, error, itemIndex));
    }
  }
  return [output];
}

export const compressionNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.compression',
  aliases: ['compression'],
  displayName: 'Compression',
  versions: [1, 1.1],
  execute,
};
