import type { NodeTypeDefinition } from '../../contracts/node-type';
import { odooNode } from './odoo-node';

export const odooNodes: NodeTypeDefinition[] = [odooNode];
export { odooNode };
/** Builds `services.odoo` from the sidecar's OdooClient. */
