import type { OdooConnection, OdooConnector, OdooLogin } from '../contracts/node-services';
import { createOdooClient } from './client';
import type { OdooLogger } from './config';

/**
 * Connections to other Odoo databases (the Odoo node's `odooApi` credential). Like n8n's
 * Odoo node it speaks the stateless `/jsonrpc` with the password (or an API key in its place)
 * on every call; each node run opens its own connection and closes it when done.
 */
export function createOdooConnector(logger?: OdooLogger): OdooConnector {
  return {
    open(login: OdooLogin): OdooConnection {
      const client = createOdooClient({ url: login.url, db: login.db, user: login.user, password: login.password, transport: 'jsonrpc', logger });
      return {
        call: (model, method, args, kwargs) => client.call(model, method, args, kwargs ?? {}),
        close: () => client.close(),
      };
    },
  };
}
