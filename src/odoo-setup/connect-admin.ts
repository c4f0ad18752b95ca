import {
  OdooAccessError,
  OdooAuthenticationError,
  OdooConnectionError,
  OdooDatabaseNotFoundError,
  OdooError,
  OdooTimeoutError,
  type OdooClient,
} from '../odoo';
import { userIdByLogin } from './odoo-calls';
import type { SetupOptions } from './setup-args';
import { ADMIN_TIMEOUT_MS, type SetupDependencies } from './setup-context';
import { SetupInputError } from './setup-error';

/** The addon is written for this Odoo major version. */
const ODOO_MAJOR = 18;

/** Turns the ways a first login fails into the one line the user needs. */
function explainLoginFailure(error: unknown, options: SetupOptions): never {
  if (error instanceof OdooDatabaseNotFoundError || (error instanceof OdooAccessError && /database not found/i.test(error.odooMessage ?? ''))) {
    throw new SetupInputError(`database "${options.db}" not found on the Odoo at ${options.url}`);
  }
  if (error instanceof OdooAuthenticationError) {
    throw new SetupInputError(`Odoo at ${options.url} refused the login "${options.adminLogin}" with that password (database "${options.db}")`);
  }
  if (error instanceof OdooConnectionError || error instanceof OdooTimeoutError) {
    // The error already names the URL; the call it was making means nothing to the user.
    throw new SetupInputError(error.message.replace(/ \(version_info\)$/, ''));
  }
  throw error;
}

/**
 * Logs in as the administrator and checks what the setup needs before it writes anything:
 * an Odoo 18 that answers, the database, the password, and a login in Settings / Administration.
 */
export async function connectAdmin(options: SetupOptions, password: string, deps: SetupDependencies): Promise<{ client: OdooClient; version: string }> {
  const client = deps.createClient({
    url: options.url,
    db: options.db,
    user: options.adminLogin,
    password,
    transport: 'session',
    timeoutMs: ADMIN_TIMEOUT_MS,
    retries: 0,
  });
  let version: string;
  let adminId: number | undefined;
  try {
    const server = await client.serverVersion();
    version = server.version;
    if (server.major !== ODOO_MAJOR) {
      throw new SetupInputError(`the addon is for Odoo ${ODOO_MAJOR}; the server at ${options.url} runs Odoo ${server.version}`);
    }
    adminId = await userIdByLogin(client, options.adminLogin);
  } catch (error) {
    if (error instanceof SetupInputError || !(error instanceof OdooError)) throw error;
    explainLoginFailure(error, options);
  }
  const isAdmin = adminId !== undefined && (await client.call<boolean>('res.users', 'has_group', [[adminId], 'base.group_system']));
  if (!isAdmin) {
    throw new SetupInputError(`"${options.adminLogin}" is not an administrator of database "${options.db}" (group Settings / base.group_system)`);
  }
  return { client, version };
}
