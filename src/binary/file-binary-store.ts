import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { BinaryData } from '../contracts/run-data';
import { BinaryNotFoundError, BinaryTooLargeError } from './errors';
import { describeBinary, prettyBytes, type BinaryMeta } from './metadata';
import { SizeLimit } from './size-limit';
import type { BinaryStore } from './types';

/** n8n's mode name: items look the same as n8n's in filesystem mode. */
export const FILESYSTEM_MODE = 'filesystem-v2';

// Execution ids are UUIDv7 (and test ids are simple words); file ids are UUIDs. Nothing else
// is accepted, so an id a Code node made up can never reach outside the store's directory.
const ID_PATTERN = /^filesystem-v2:([A-Za-z0-9_-]{1,100})\/([A-Za-z0-9-]{1,64})$/;
const EXECUTION_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export interface FileBinaryStoreOptions {
  /** DATA_DIR/binary */
  directory: string;
  /** BINARY_INLINE_MAX_BYTES */
  inlineMaxBytes: number;
  /** MAX_BINARY_BYTES */
  maxBytes: number;
}

/**
 * n8n's filesystem mode: `DATA_DIR/binary/<executionId>/<fileId>`. Files up to the inline
 * limit stay base64 on the item (what the engine, Odoo and expressions handle cheaply).
 */
export class FileBinaryStore implements BinaryStore {
  readonly maxBytes: number;

  constructor(private readonly options: FileBinaryStoreOptions) {
    this.maxBytes = options.maxBytes;
  }

  async fromBuffer(executionId: string, bytes: Buffer, meta: BinaryMeta): Promise<BinaryData> {
    if (bytes.length > this.maxBytes) throw new BinaryTooLargeError(this.maxBytes);
    const binary = describeBinary(meta);
    if (bytes.length <= this.options.inlineMaxBytes) return withSize({ ...binary, data: bytes.toString('base64') }, bytes.length);
    const { id, file } = this.newFile(executionId);
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(Readable.from([bytes]), createWriteStream(file));
    return withSize({ ...binary, data: FILESYSTEM_MODE, id }, bytes.length);
  }

  async fromStream(executionId: string, stream: Readable, meta: BinaryMeta, signal?: AbortSignal): Promise<BinaryData> {
    const binary = describeBinary(meta);
    const { id, file } = this.newFile(executionId);
    await mkdir(path.dirname(file), { recursive: true });
    const limit = new SizeLimit(this.maxBytes);
    try {
      await pipeline(stream, limit, createWriteStream(file), signal ? { signal } : {});
    } catch (error) {
      await rm(file, { force: true });
      // Stop reading whatever is left of the source (a request body, a download).
      stream.destroy();
      throw error;
    }
    if (limit.bytes <= this.options.inlineMaxBytes) {
      const bytes = await readFile(file);
      await rm(file, { force: true });
      return withSize({ ...binary, data: bytes.toString('base64') }, bytes.length);
    }
    return withSize({ ...binary, data: FILESYSTEM_MODE, id }, limit.bytes);
  }

  async toBuffer(binary: BinaryData): Promise<Buffer> {
    if (binary.id === undefined) return Buffer.from(binary.data, 'base64');
    const file = this.pathOf(binary.id);
    try {
      return await readFile(file);
    } catch (error) {
      throw missing(binary.id, error);
    }
  }

  async toStream(binary: BinaryData): Promise<Readable> {
    if (binary.id === undefined) return Readable.from([Buffer.from(binary.data, 'base64')]);
    const file = this.pathOf(binary.id);
    try {
      await stat(file);
    } catch (error) {
      throw missing(binary.id, error);
    }
    return createReadStream(file);
  }

  async deleteExecutions(executionIds: readonly string[]): Promise<void> {
    for (const executionId of executionIds) {
      if (!EXECUTION_PATTERN.test(executionId)) continue;
      await rm(path.join(this.options.directory, executionId), { recursive: true, force: true });
    }
  }

  async listExecutions(): Promise<Array<{ executionId: string; modifiedAt: number }>> {
    let names: string[];
    try {
      names = (await readdir(this.options.directory)).filter((name) => EXECUTION_PATTERN.test(name));
    } catch {
      return [];
    }
    const listed: Array<{ executionId: string; modifiedAt: number }> = [];
    for (const executionId of names) {
      const info = await stat(path.join(this.options.directory, executionId)).catch(() => undefined);
      if (info) listed.push({ executionId, modifiedAt: info.mtimeMs });
    }
    return listed;
  }

  private newFile(executionId: string): { id: string; file: string } {
    if (!EXECUTION_PATTERN.test(executionId)) throw new Error(`Unusable execution id for binary data: "${executionId}"`);
    const fileId = randomUUID();
    return { id: `${FILESYSTEM_MODE}:${executionId}/${fileId}`, file: path.join(this.options.directory, executionId, fileId) };
  }

  private pathOf(id: string): string {
    const match = ID_PATTERN.exec(id);
    if (!match) throw new BinaryNotFoundError(id, 'is not a reference this service made');
    return path.join(this.options.directory, match[1], match[2]);
  }
}

function withSize(binary: BinaryData, size: number): BinaryData {
  binary.fileSize = prettyBytes(size);
  binary.bytes = size;
  return binary;
}

function missing(id: string, error: unknown): BinaryNotFoundError {
  const code = (error as NodeJS.ErrnoException).code;
  return new BinaryNotFoundError(id, code === 'ENOENT' ? 'no longer exists (its execution was pruned?)' : `cannot be read (${code ?? 'unknown error'})`);
}
