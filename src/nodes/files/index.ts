import type { NodeTypeDefinition } from '../../contracts/node-type';
import { compressionNode } from './compression/compression.node';
import { convertToFileNode } from './convert-to-file/convert-to-file.node';
import { extractFromFileNode } from './extract-from-file/extract-from-file.node';
import { readWriteFileNode } from './read-write-file/read-write-file.node';
import { executeCommandNode } from './execute-command/execute-command.node';
import { sendEmailNode } from './send-email/send-email.node';

/** Files and binary data: Convert to File, Extract from File, Read/Write Files from Disk, Compression, Send Email, Execute Command. */
export const filesNodes: NodeTypeDefinition[] = [convertToFileNode, extractFromFileNode, readWriteFileNode, compressionNode, sendEmailNode, executeCommandNode];
