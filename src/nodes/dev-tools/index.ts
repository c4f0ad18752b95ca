import type { NodeTypeDefinition } from '../../contracts/node-type';
import { customerDatastoreNode } from './customer-datastore';
import { debugHelperNode } from './debug-helper';

/** Nodes for building and learning workflows: Debug Helper and n8n's training Customer Datastore. */
export const devToolsNodes: NodeTypeDefinition[] = [debugHelperNode, customerDatastoreNode];
