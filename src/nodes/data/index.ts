import type { NodeTypeDefinition } from '../../contracts/node-type';
import { cryptoNode } from './crypto';
import { dateTimeNode } from './date-time';
import { executionDataNode } from './execution-data';

/** Data utility nodes: Date & Time, Crypto, Execution Data. */
export const dataNodes: NodeTypeDefinition[] = [dateTimeNode, cryptoNode, executionDataNode];
