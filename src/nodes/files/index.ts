import type { NodeTypeDefinition } from '../../contracts/node-type';
import { compressionNode } from './compression/compression.node';
import { convertToFileNode } from './convert-to-file/convert-to-file.node';
import { extractFromFileNode } from './extract-from-file/extract-from-file.node';
import { readWriteFileNode } from './read-write-file/read-write-file.node';
import { executeCommandNode } from './execute-command/execute-command.node';
import { sendEmailNode } from './send-email/send-email.node';
import { moveBinaryDataNode } from './legacy/move-binary-data.node';
import { spreadsheetFileNode } from './legacy/spreadsheet-file.node';

/** Files and binary data: Convert to File, Extract from File, Read/Write Files from Disk, Compression, Send Email, Execute Command, legacy Move Binary Data and Spreadsheet File. */
export const filesNodes: NodeTypeDefinition[] = [convertToFileNode, extractFromFileNode, readWriteFileNode, compressionNode, sendEmailNode, executeCommandNode, moveBinaryDataNode, spreadsheetFileNode];
