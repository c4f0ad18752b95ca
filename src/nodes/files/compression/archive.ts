import type * as Fflate from 'fflate';
import type { AsyncZippable } from 'fflate';
import { promisify } from 'node:util';
import { lazyLibrary } from '../../lazy-library';

const fflate = lazyLibrary(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require('fflate') as typeof Fflate;
  return {
    ...library,
    zipAsync: promisify(library.zip as (data: AsyncZippable, cb: (error: Error | null, data: Uint8Array) => void) => void),
    gzipAsync: promisify(library.gzip as (data: Uint8Array, cb: (error: Error | null, data: Uint8Array) => void) => void),
  };
});

/** Extensions n8n stores rather than deflates in a zip. */
export const ALREADY_COMPRESSED = ['7z', 'aifc', 'bz2', 'doc', 'docx', 'gif', 'gz', 'heic', 'heif', 'jpg', 'jpeg', 'mov', 'mp3', 'mp4', 'pdf', 'png', 'ppt', 'pptx', 'rar', 'webm', 'webp', 'xls', 'xlsx', 'zip'];

export class ArchiveLimitError extends Error {
  constructor(limit: number) {
    super(`The decompressed data is larger than MAX_BINARY_BYTES (${limit} bytes)`);
  }
}

export async function zipFiles(files: Array<{ name: string; data: Buffer; extension?: string }>): Promise<Buffer> {
  const entries: AsyncZippable = {};
  for (const file of files) entries[file.name] = [new Uint8Array(file.data), { level: ALREADY_COMPRESSED.includes(file.extension ?? '') ? 0 : 6 }];
  return Buffer.from(await fflate().zipAsync(entries));
}

export async function gzipBytes(data: Buffer): Promise<Buffer> {
  return Buffer.from(await fflate().gzipAsync(new Uint8Array(data)));
}

/**
 * The files of a zip (directories and __MACOSX left out), refusing archives whose members
 * would pass `limit` bytes in all. A truncated or corrupt archive fails with "invalid zip data".
 */
export function unzipFiles(data: Buffer, limit: number): Array<{ name: string; data: Buffer }> {
  let declared = 0;
  const files = fflate().unzipSync(new Uint8Array(data), {
    filter: (file) => {
      if (file.name.endsWith('/')) return false;
      declared += file.originalSize;
      if (declared > limit) throw new ArchiveLimitError(limit);
      return true;
    },
  });
  let total = 0;
  const out: Array<{ name: string; data: Buffer }> = [];
  for (const [name, bytes] of Object.entries(files)) {
    total += bytes.length;
    if (total > limit) throw new ArchiveLimitError(limit);
    if (!name.includes('__MACOSX')) out.push({ name, data: Buffer.from(bytes) });
  }
  return out;
}

export function gunzipBytes(data: Buffer, limit: number): Buffer {
  const out = Buffer.from(fflate().gunzipSync(new Uint8Array(data)));
  if (out.length > limit) throw new ArchiveLimitError(limit);
  return out;
}
