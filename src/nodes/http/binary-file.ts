import { fileTypeFromMimeType } from '../../binary';
import type { BinaryData } from '../../contracts/run-data';

/**
 * A response body as an n8n binary property (the "File" response format), with the
 * metadata n8n's prepareBinaryData derives: MIME type from the response, file name from
 * Content-Disposition or the URL path, extension, coarse file type and a readable size.
 */

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/xml': 'xml',
  'application/octet-stream': 'bin',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/xml': 'xml',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

function fileNameFrom(contentDisposition: string | undefined, url: string): string | undefined {
  const match = contentDisposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition) : null;
  if (match) return decodeURIComponent(match[1]);
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of a downloaded file; the binary store adds its bytes, `fileSize` and `bytes`. */
export function responseFileFields(headers: Record<string, string>, url: string, outputPropertyName: string): Omit<BinaryData, 'data'> {
  const contentType = headers['content-type'];
  const mimeType = contentType ? contentType.split(' ')[0].split(';')[0] : 'text/plain';
  const fileName = fileNameFrom(headers['content-disposition'], url);
  const nameExtension = fileName && fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : undefined;
  const fileExtension = nameExtension || EXTENSIONS[mimeType];
  const binary: Omit<BinaryData, 'data'> = { mimeType };
  const fileType = fileTypeFromMimeType(mimeType);
  if (fileType) binary.fileType = fileType;
  if (fileExtension) binary.fileExtension = fileExtension;
  if (fileName && nameExtension) binary.fileName = fileName;
  else if (fileExtension) binary.fileName = `${outputPropertyName}.${fileExtension}`;
  return binary;
}
