import { Readable } from 'node:stream';
import type { BinaryData } from '../contracts/run-data';
import { BinaryNotFoundError, BinaryTooLargeError } from './errors';
import { describeBinary, prettyBytes, type BinaryMeta } from './metadata';
import type { BinaryStore } from './types';

/**
 * Everything inline (n8n's `default` mode): for runs without a data directory, such as
 * engine-only tests. A reference to a file elsewhere cannot be read here.
 */
export class InlineBinaryStore implements BinaryStore {
  constructor(readonly maxBytes = 256 * 1024 * 1024) {}

  async fromBuffer(_executionId: string, bytes: Buffer, meta: BinaryMeta): Promise<BinaryData> {
    if (bytes.length > this.maxBytes) throw new BinaryTooLargeError(this.maxBytes);
    const binary = { ...describeBinary(meta), data: bytes.toString('base64') };
    binary.fileSize = prettyBytes(bytes.length);
    binary.bytes = bytes.length;
    return binary;
  }

  async fromStream(executionId: string, stream: Readable, meta: BinaryMeta): Promise<BinaryData> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > this.maxBytes) {
        stream.destroy();
        throw new BinaryTooLargeError(this.maxBytes);
      }
      chunks.push(buffer);
    }
    return this.fromBuffer(executionId, Buffer.concat(chunks), meta);
  }

  async toBuffer(binary: BinaryData): Promise<Buffer> {
    if (binary.id !== undefined) throw new BinaryNotFoundError(binary.id, 'is stored on disk, and this run has no binary data directory');
    return Buffer.from(binary.data, 'base64');
  }

  async toStream(binary: BinaryData): Promise<Readable> {
    return Readable.from([await this.toBuffer(binary)]);
  }

  async deleteExecutions(): Promise<void> {}
}
