import type { OdooGateway } from '../contracts/node-services';
import type { OdooClient } from './client';

/** What nodes get as `ctx.services.odoo`: the sidecar's own connection, calls only. */
export function createOdooGateway(client: OdooClient): OdooGateway {
  return {
    call: (model, method, args, kwargs) => client.call(model, method, args, kwargs ?? {}),
  };
}
