import type { Readable } from 'node:stream';
import type { BinaryData } from '../contracts/run-data';
import type { BinaryMeta } from './metadata';

/**
 * Where binary data lives (n8n's BinaryDataService). Small files stay inline on the item;
 * past the inline limit they go to a file referenced by `id`, so a large file is never
 * copied into the run state, the execution record or Odoo.
 */
export interface BinaryStore {
  /** MAX_BINARY_BYTES: the largest file accepted. */
  readonly maxBytes: number;
  /** Keeps `bytes` for an execution; throws BinaryTooLargeError past `maxBytes`. */
  fromBuffer(executionId: string, bytes: Buffer, meta: BinaryMeta): Promise<BinaryData>;
  /** Streams into the store, never holding the whole file in memory; stops past `maxBytes`. */
  fromStream(executionId: string, stream: Readable, meta: BinaryMeta, signal?: AbortSignal): Promise<BinaryData>;
  toBuffer(binary: BinaryData): Promise<Buffer>;
  toStream(binary: BinaryData): Promise<Readable>;
  /** Removes everything kept for these executions (pruning, unsaved runs). */
  deleteExecutions(executionIds: readonly string[]): Promise<void>;
  /** Executions that have files here, with when their directory last changed (for sweeping). */
  listExecutions?(): Promise<Array<{ executionId: string; modifiedAt: number }>>;
}

export type { BinaryMeta };
