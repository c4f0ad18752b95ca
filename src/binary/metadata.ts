import path from 'node:path';
import { extension as extensionOf, lookup as lookupMimeType } from 'mime-types';
import type { BinaryData } from '../contracts/run-data';

/** What a node knows about a file before it is stored (n8n's prepareBinaryData arguments). */
export interface BinaryMeta {
  mimeType?: string;
  /** A file name or path: gives fileName, directory and extension, and the type when none is given. */
  filePath?: string;
  /** A download URL (credentials removed): n8n keeps it as `directory`. */
  sourceUrl?: string;
  /**
   * n8n's copyBinaryFile (uploads): the name is kept (sanitised) but gives neither the
   * directory nor the extension, which comes from the type alone.
   */
  uploadName?: string;
  /** Fields a node already worked out (kept as given; the store adds data, id and sizes). */
  described?: Omit<BinaryData, 'data'>;
}

/** n8n-workflow's sanitizeFilename: the last path part, no NUL bytes, never empty or dots. */
export function sanitizeFilename(fileName: string): string {
  const sanitized = path.posix.basename(fileName.replace(/\\/g, '/')).replace(/\0/g, '');
  return sanitized === '' || /^\.+$/.test(sanitized) ? 'untitled' : sanitized;
}

/** pretty-bytes, as n8n shows binary sizes: `12 B`, `1.23 kB`, `4.5 MB`. */
export function prettyBytes(size: number): string {
  if (size < 1000) return `${size} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  const exponent = Math.min(Math.floor(Math.log10(size) / 3), units.length);
  return `${Number((size / 1000 ** exponent).toPrecision(3))} ${units[exponent - 1]}`;
}

/** n8n-workflow's fileTypeFromMimeType. */
export function fileTypeFromMimeType(mimeType: string): string | undefined {
  if (mimeType.startsWith('application/json')) return 'json';
  if (mimeType.startsWith('text/html')) return 'html';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('text/') || mimeType.startsWith('application/javascript')) return 'text';
  if (mimeType.startsWith('application/pdf')) return 'pdf';
  return undefined;
}

/**
 * A binary property before its bytes are stored, in n8n's key order, as prepareBinaryData
 * derives it: the type from the argument, else from the file name, else text/plain; the
 * extension from the file name, else from the type. The store fills `data`, `id`,
 * `fileSize` and `bytes`.
 */
export function describeBinary(meta: BinaryMeta): BinaryData {
  if (meta.described !== undefined) return { ...meta.described, data: '' } as BinaryData;
  let mimeType = meta.mimeType || undefined;
  if (!mimeType && meta.filePath) mimeType = lookupMimeType(meta.filePath) || undefined;
  let fileExtension = mimeType ? extensionOf(mimeType) || undefined : undefined;
  mimeType ??= 'text/plain';
  const parts = meta.filePath ? path.posix.parse(meta.filePath) : undefined;
  if (parts && parts.ext.length > 1) fileExtension = parts.ext.slice(1);
  const described: BinaryData = { mimeType, data: '' };
  const fileType = fileTypeFromMimeType(mimeType);
  if (fileType !== undefined) described.fileType = fileType;
  if (fileExtension !== undefined) described.fileExtension = fileExtension;
  // Re-inserted so `data` follows the type fields, as in n8n's objects.
  delete (described as Partial<BinaryData>).data;
  described.data = '';
  if (meta.uploadName !== undefined) described.fileName = sanitizeFilename(meta.uploadName);
  if (parts) {
    if (meta.sourceUrl) described.directory = meta.sourceUrl;
    else if (parts.dir !== '') described.directory = parts.dir;
    described.fileName = parts.base;
  }
  return described;
}

/** The stored size of a binary property: `bytes` when the store set it, else from base64. */
export function binaryByteLength(binary: BinaryData): number {
  if (typeof binary.bytes === 'number') return binary.bytes;
  if (binary.id === undefined) return Buffer.byteLength(binary.data, 'base64');
  return 0;
}
