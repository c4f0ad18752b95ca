import type { CodeHostHelpers } from '../../../contracts/code';
import type { NodeContext } from '../../../contracts/node-type';
import type { BinaryData } from '../../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import { binaryStoreOf, binaryToBuffer, inputBinary, prepareBinary } from '../../binary-helpers';
import { errorMessage } from '../../../errors';

function itemIndexArg(value: JsonValue | undefined, count: number): number {
  const index = Number(value);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`There is no input item ${String(value)} (the node has ${count})`);
  }
  return index;
}

function textArg(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * n8n's Code-node helpers for binary data, on the host side: the input item's bytes (from the
 * run's binary store, stored files included) and new binary data stored for this execution
 * exactly as a node's prepareBinaryData would store it.
 */
export function codeHostHelpers(ctx: NodeContext): CodeHostHelpers {
  const items = ctx.getInputItems(0);
  const binaryAt = (args: JsonValue[]): { binary: BinaryData; itemIndex: number } => {
    const itemIndex = itemIndexArg(args[0], items.length);
    return { binary: inputBinary(ctx, items[itemIndex] as (typeof items)[number], itemIndex, String(args[1] ?? 'data')), itemIndex };
  };
  const methods: Record<string, (args: JsonValue[]) => Promise<JsonValue>> = {
    getBinaryDataBuffer: async (args) => {
      const { binary, itemIndex } = binaryAt(args);
      return (await binaryToBuffer(ctx, binary, itemIndex)).toString('base64');
    },
    assertBinaryData: async (args) => binaryAt(args).binary as unknown as JsonObject,
    prepareBinaryData: async (args) => {
      const bytes = Buffer.from(String(args[0] ?? ''), 'base64');
      const filePath = textArg(args[1]);
      const mimeType = textArg(args[2]);
      const binary = await prepareBinary(ctx, bytes, { ...(filePath ? { filePath } : {}), ...(mimeType ? { mimeType } : {}) }, 0);
      return binary as unknown as JsonObject;
    },
    setBinaryDataBuffer: async (args) => {
      const metadata = isJsonObject(args[0]) ? args[0] : {};
      const { data: _data, id: _id, fileSize: _size, bytes: _bytes, ...described } = metadata;
      const bytes = Buffer.from(String(args[1] ?? ''), 'base64');
      const stored = await binaryStoreOf(ctx).fromBuffer(ctx.executionId, bytes, { described: { mimeType: 'application/octet-stream', ...described } as Omit<BinaryData, 'data'> });
      return stored as unknown as JsonObject;
    },
  };
  return {
    async call(method, args) {
      const run = methods[method];
      if (!run) throw new Error(`helpers.${method} is not supported in the Code node on this service`);
      try {
        return await run(args);
      } catch (error) {
        // User code sees the message alone, as n8n's RPC error.
        throw new Error(errorMessage(error));
      }
    },
  };
}
