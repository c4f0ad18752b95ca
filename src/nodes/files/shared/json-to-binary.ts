import iconv from 'iconv-lite';
import { NodeOperationError } from '../../../errors';
import type { BinaryData } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonValue } from '../../../workflow/json';
import { prepareBinary } from '../../binary-helpers';
import { getPath } from '../../transform/utils/object-path';
import { sniffMimeType } from './sniff-mime';

export interface JsonToBinaryOptions {
  sourceKey?: string;
  fileName?: string;
  mimeType?: string;
  dataIsBase64?: boolean;
  encoding?: string;
  addBOM?: boolean;
  /** Pretty-print objects (two spaces). */
  format?: boolean;
  itemIndex: number;
}

function encodeText(ctx: NodeContext, text: string, encoding: string | undefined, addBOM: boolean | undefined, itemIndex: number): Buffer {
  const name = encoding || 'utf8';
  if (!iconv.encodingExists(name)) throw new NodeOperationError(ctx.node.name, `Encoding not recognized: '${name}'`, { itemIndex });
  return iconv.encode(text, name, { addBOM });
}

/** n8n's createBinaryFromJson (Convert to File: to JSON, to text, base64 to file). */
export async function createBinaryFromJson(ctx: NodeContext, data: JsonValue, options: JsonToBinaryOptions): Promise<BinaryData> {
  const value = options.sourceKey ? getPath(data, options.sourceKey) : data;
  if (value === undefined) {
    throw new NodeOperationError(ctx.node.name, `The value in "${options.sourceKey}" is not set`, { itemIndex: options.itemIndex });
  }
  let buffer: Buffer;
  let mimeType = options.mimeType;
  if (!options.dataIsBase64) {
    let text: string;
    if (value !== null && typeof value === 'object') {
      mimeType = 'application/json';
      text = options.format ? JSON.stringify(value, null, 2) : JSON.stringify(value);
    } else {
      text = String(value);
    }
    buffer = encodeText(ctx, text, options.encoding, options.addBOM, options.itemIndex);
  } else {
    buffer = Buffer.from(String(value), 'base64');
  }
  // prepareBinaryData sniffs the bytes when neither a type nor a name says what they are.
  const sniffed = !mimeType && !options.fileName ? sniffMimeType(buffer) : undefined;
  const binary = await prepareBinary(ctx, buffer, { mimeType: mimeType ?? sniffed?.mime, filePath: options.fileName || undefined }, options.itemIndex);
  if (sniffed) binary.fileExtension = sniffed.ext;
  if (!binary.fileName) binary.fileName = `file${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
  return binary;
}
