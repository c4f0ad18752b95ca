import type { Readable } from 'node:stream';
import { InlineBinaryStore, type BinaryMeta, type BinaryStore } from '../binary';
import { AutomatorError, NodeOperationError, errorMessage } from '../errors';
import type { BinaryData, Item } from '../contracts/run-data';
import type { NodeContext } from '../contracts/node-type';

const inlineOnly = new InlineBinaryStore();

/** The run's binary store; runs without one (engine-only tests) keep everything inline. */
export function binaryStoreOf(ctx: Pick<NodeContext, 'services'>): BinaryStore {
  return ctx.services.binary ?? inlineOnly;
}

/**
 * The binary property a node reads, with n8n's assertBinaryData messages when the item has
 * no binary data or not the one named.
 */
export function inputBinary(ctx: NodeContext, item: Item, itemIndex: number, propertyName: string): BinaryData {
  if (item.binary === undefined) {
    throw new NodeOperationError(ctx.node.name, `This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`, {
      itemIndex,
      description: 'Make sure that the previous node outputs a binary file',
    });
  }
  const binary = item.binary[propertyName];
  if (binary === undefined) {
    throw new NodeOperationError(ctx.node.name, `The item has no binary field '${propertyName}' [item ${itemIndex}]`, {
      itemIndex,
      description: 'Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input',
    });
  }
  return binary;
}

/** Store failures (too large, gone) become node errors naming the node and the item. */
function asNodeError(ctx: NodeContext, error: unknown, itemIndex: number): Error {
  if (error instanceof NodeOperationError) return error;
  if (error instanceof AutomatorError || (error as { code?: unknown }).code !== undefined) {
    return new NodeOperationError(ctx.node.name, `${errorMessage(error)} [item ${itemIndex}]`, { itemIndex, cause: error });
  }
  return error as Error;
}

export async function binaryToBuffer(ctx: NodeContext, binary: BinaryData, itemIndex: number): Promise<Buffer> {
  try {
    return await binaryStoreOf(ctx).toBuffer(binary);
  } catch (error) {
    throw asNodeError(ctx, error, itemIndex);
  }
}

export async function binaryToStream(ctx: NodeContext, binary: BinaryData, itemIndex: number): Promise<Readable> {
  try {
    return await binaryStoreOf(ctx).toStream(binary);
  } catch (error) {
    throw asNodeError(ctx, error, itemIndex);
  }
}

/** n8n's prepareBinaryData: stores the bytes for this execution and describes them. */
export async function prepareBinary(ctx: NodeContext, data: Buffer | Readable, meta: BinaryMeta, itemIndex: number): Promise<BinaryData> {
  const store = binaryStoreOf(ctx);
  try {
    if (Buffer.isBuffer(data)) return await store.fromBuffer(ctx.executionId, data, meta);
    return await store.fromStream(ctx.executionId, data, meta, ctx.signal);
  } catch (error) {
    throw asNodeError(ctx, error, itemIndex);
  }
}
