/**
 * The commonest file signatures, standing in for n8n's `file-type` sniffing when bytes come
 * with neither a type nor a name (base64 from JSON). Anything else stays untyped.
 */
const SIGNATURES: Array<{ bytes: number[]; offset?: number; mime: string; ext: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mime: 'image/png', ext: 'png' },
  { bytes: [0xff, 0xd8, 0xff], mime: 'image/jpeg', ext: 'jpg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], mime: 'image/gif', ext: 'gif' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], mime: 'application/pdf', ext: 'pdf' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], mime: 'application/zip', ext: 'zip' },
  { bytes: [0x1f, 0x8b, 0x08], mime: 'application/gzip', ext: 'gz' },
  { bytes: [0x42, 0x4d], mime: 'image/bmp', ext: 'bmp' },
  { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8, mime: 'image/webp', ext: 'webp' },
];

export function sniffMimeType(buffer: Buffer): { mime: string; ext: string } | undefined {
  for (const signature of SIGNATURES) {
    const offset = signature.offset ?? 0;
    if (buffer.length >= offset + signature.bytes.length && signature.bytes.every((byte, index) => buffer[offset + index] === byte)) {
      return { mime: signature.mime, ext: signature.ext };
    }
  }
  return undefined;
}
