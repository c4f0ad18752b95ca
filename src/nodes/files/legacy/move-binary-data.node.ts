import iconv from 'iconv-lite';
import type { BinaryData, Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, prepareBinary } from '../../binary-helpers';
import { copyJson } from '../../core/shared/json-values';
import { readBoolean, readObject, readString } from '../../core/shared/node-helpers';
import { getPath, setPath, unsetPath } from '../../transform/utils/object-path';

/** n8n's legacy Move Binary Data (typeVersions 1 and 1.1): binary <-> JSON. */

function decode(ctx: NodeContext, buffer: Buffer, encoding: string, stripBOM: boolean | undefined, itemIndex: number): string {
  if (!iconv.encodingExists(encoding)) throw new NodeOperationError(ctx.node.name, `Encoding not recognized: '${encoding}'`, { itemIndex });
  return iconv.decode(buffer, encoding, { stripBOM });
}

function parseJson(ctx: NodeContext, text: string, itemIndex: number): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new NodeOperationError(ctx.node.name, (error as Error).message, { itemIndex });
  }
}

async function binaryToJson(ctx: NodeContext, item: Item, itemIndex: number, options: JsonObject): Promise<Item | undefined> {
  const sourceKey = readString(ctx, 'sourceKey', itemIndex, 'data');
  const binary = getPath((item.binary ?? {}) as unknown as JsonObject, sourceKey) as unknown as BinaryData | undefined;
  // n8n skips items without the property.
  if (binary === undefined) return undefined;
  const encoding = typeof options.encoding === 'string' && options.encoding ? options.encoding : 'utf8';
  const stripBOM = options.stripBOM === undefined ? undefined : options.stripBOM === true;
  const buffer = await binaryToBuffer(ctx, binary, itemIndex);
  const next: Item = { json: {}, pairedItem: { item: itemIndex } };
  if (readBoolean(ctx, 'setAllData', itemIndex, true)) {
    const parsed = parseJson(ctx, decode(ctx, buffer, encoding, stripBOM, itemIndex), itemIndex);
    next.json = parsed as JsonObject;
  } else {
    next.json = copyJson(item.json);
    let value: JsonValue = options.keepAsBase64 !== true ? decode(ctx, buffer, encoding, stripBOM, itemIndex) : buffer.toString('base64');
    if (options.jsonParse === true) value = parseJson(ctx, String(value), itemIndex);
    setPath(next.json, readString(ctx, 'destinationKey', itemIndex, 'data'), value);
  }
  if (options.keepSource === true) {
    if (item.binary) next.binary = item.binary;
  } else {
    const rest = { ...(item.binary ?? {}) } as unknown as JsonObject;
    unsetPath(rest, sourceKey);
    next.binary = rest as unknown as Item['binary'];
  }
  return next;
}

async function jsonToBinary(ctx: NodeContext, item: Item, itemIndex: number, options: JsonObject): Promise<Item | undefined> {
  const convertAll = readBoolean(ctx, 'convertAllData', itemIndex, true);
  const sourceKey = readString(ctx, 'sourceKey', itemIndex, 'data');
  const value: JsonValue | undefined = convertAll ? item.json : getPath(item.json, sourceKey);
  if (value === undefined) return undefined;
  const encoding = typeof options.encoding === 'string' && options.encoding ? options.encoding : 'utf8';
  let mimeType = typeof options.mimeType === 'string' && options.mimeType ? options.mimeType : undefined;
  let data: Buffer;
  if (options.dataIsBase64 !== true) {
    let text: string;
    if (options.useRawData !== true || (typeof value === 'object' && value !== null)) {
      text = JSON.stringify(value);
      mimeType ??= 'application/json';
    } else {
      text = String(value);
    }
    if (!iconv.encodingExists(encoding)) throw new NodeOperationError(ctx.node.name, `Encoding not recognized: '${encoding}'`, { itemIndex });
    data = iconv.encode(text, encoding, { addBOM: options.addBOM === true });
  } else {
    data = Buffer.from(String(value), 'base64');
  }
  if (!mimeType && ctx.node.typeVersion === 1) mimeType = 'application/json';
  const fileName = typeof options.fileName === 'string' && options.fileName ? options.fileName : undefined;
  const binary = await prepareBinary(ctx, data, { mimeType, filePath: fileName }, itemIndex);
  if (!binary.fileName && ctx.node.typeVersion > 1) binary.fileName = `file${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
  const binaries = { ...(item.binary ?? {}) } as unknown as JsonObject;
  setPath(binaries, readString(ctx, 'destinationKey', itemIndex, 'data'), binary as unknown as JsonObject);
  const next: Item = { json: {}, binary: binaries as unknown as Item['binary'], pairedItem: { item: itemIndex } };
  if (options.keepSource === true) next.json = item.json;
  else if (!convertAll) {
    next.json = copyJson(item.json);
    unsetPath(next.json, sourceKey);
  }
  return next;
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const mode = readString(ctx, 'mode', 0, 'binaryToJson');
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    const options = readObject(ctx, 'options', itemIndex);
    let next: Item | undefined;
    if (mode === 'binaryToJson') next = await binaryToJson(ctx, item, itemIndex, options);
    else if (mode === 'jsonToBinary') next = await jsonToBinary(ctx, item, itemIndex, options);
    else throw new NodeOperationError(ctx.node.name, `The operation "${mode}" is not known!`, { itemIndex });
    if (next) output.push(next);
  }
  return [output];
}

export const moveBinaryDataNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.moveBinaryData',
  aliases: ['moveBinaryData'],
  displayName: 'Convert to/from binary data',
  versions: [1, 1.1],
  execute,
};
