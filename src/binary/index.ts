export { FileBinaryStore, FILESYSTEM_MODE } from './file-binary-store';
export { InlineBinaryStore } from './memory-binary-store';
export { BinaryNotFoundError, BinaryTooLargeError } from './errors';
export { binaryByteLength, describeBinary, fileTypeFromMimeType, prettyBytes, type BinaryMeta } from './metadata';
export type { BinaryStore } from './types';
