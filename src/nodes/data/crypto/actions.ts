import { createHash, createHmac, createSign, randomBytes, type BinaryToTextEncoding } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import type { Item } from '../../../contracts/run-data';
import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { binaryBuffer } from '../../http/request';
import { readBoolean, readNumber, readString } from '../../core/shared/node-helpers';

/** What one Crypto action produced for one item. */
export interface ActionResult {
  value: JsonValue;
  /** Hashing a binary file drops the item's binary data from the output, as n8n does. */
  binaryProcessed: boolean;
}

/** Node's crypto takes text or bytes; any other value fails there with Node's own TypeError. */
function asData(value: JsonValue): string {
  return value as unknown as string;
}

export function generate(ctx: NodeContext, itemIndex: number): ActionResult {
  const encodingType = readString(ctx, 'encodingType', itemIndex, 'uuid');
  if (encodingType === 'uuid') return { value: uuidv4(), binaryProcessed: false };
  const length = readNumber(ctx, 'stringLength', itemIndex, 32);
  let text = randomBytes(length).toString(encodingType as BufferEncoding);
  // base64 keeps only word characters, so the string is safe in URLs and file names.
  if (encodingType === 'base64') text = text.replace(/\W/g, '');
  return { value: text.slice(0, length), binaryProcessed: false };
}

/** Hash or HMAC of the `value` parameter, or of a binary property when `binaryData` is on. */
export async function digest(ctx: NodeContext, item: Item, itemIndex: number, hmacSecret: string | undefined): Promise<ActionResult> {
  const type = readString(ctx, 'type', itemIndex, ctx.node.typeVersion < 2 ? 'MD5' : 'SHA256');
  const encoding = readString(ctx, 'encoding', itemIndex, 'hex') as BinaryToTextEncoding;
  const hasher = hmacSecret === undefined ? createHash(type) : createHmac(type, hmacSecret);
  if (readBoolean(ctx, 'binaryData', itemIndex, false)) {
    const property = readString(ctx, 'binaryPropertyName', itemIndex, 'data');
    const { data } = await binaryBuffer(ctx, item, property, itemIndex);
    return { value: hasher.update(data).digest(encoding), binaryProcessed: true };
  }
  const value = ctx.getParam<JsonValue>('value', itemIndex, '');
  return { value: hasher.update(asData(value)).digest(encoding), binaryProcessed: false };
}

export function sign(ctx: NodeContext, itemIndex: number, privateKey: string): ActionResult {
  const algorithm = readString(ctx, 'algorithm', itemIndex, '');
  const encoding = readString(ctx, 'encoding', itemIndex, 'hex') as BinaryToTextEncoding;
  const value = ctx.getParam<JsonValue>('value', itemIndex, '');
  const signer = createSign(algorithm);
  signer.write(asData(value));
  signer.end();
  return { value: signer.sign(privateKey, encoding), binaryProcessed: false };
}
