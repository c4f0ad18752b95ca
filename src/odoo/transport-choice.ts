import { isJsonObject } from '../workflow/json';
import { baseUrl, type OdooClientConfig } from './config';
import { OdooProtocolError } from './errors';
import { ExecuteKwTransport } from './transports/execute-kw';
import { Json2Transport } from './transports/json2';
import { jsonRpc } from './transports/json-rpc';
import { SessionTransport } from './transports/session';
import type { OdooTransport } from './transports/transport';

export interface OdooServerVersion {
  /** e.g. "18.0" or "saas~18.2+e" */
  version: string;
  major: number;
  minor: number;
}

/** Asks `/web/webclient/version_info` (no login needed, Odoo 16 to 19). */
export async function fetchServerVersion(config: OdooClientConfig, timeoutMs: number): Promise<OdooServerVersion> {
  const target = { method: 'version_info' };
  const { result } = await jsonRpc(`${baseUrl(config)}/web/webclient/version_info`, {}, {
    timeoutMs,
    database: config.db,
    target,
  });
  const info = isJsonObject(result) ? result.server_version_info : undefined;
  const version = isJsonObject(result) ? result.server_version : undefined;
  if (!Array.isArray(info) || typeof info[0] !== 'number' || typeof version !== 'string') {
    throw new OdooProtocolError('Odoo answered version_info without server_version_info', { target });
  }
  const minor = typeof info[1] === 'number' ? info[1] : 0;
  return { version, major: info[0], minor };
}

/** JSON-2 (`/json/2`) exists from Odoo 19 on. */
const FIRST_JSON2_MAJOR = 19;

/**
 * Picks the transport. `auto`: a password gives a web session (cheapest per call); an API
 * key alone gives JSON-2 where the server has it, else /jsonrpc.
 */
export async function createTransport(
  config: OdooClientConfig,
  timeoutMs: number,
  serverVersion: () => Promise<OdooServerVersion>,
): Promise<OdooTransport> {
  const choice = config.transport ?? 'auto';
  const { url, db, user, password, apiKey, logger } = config;
  const needSecret = (what: string): never => {
    throw new OdooProtocolError(`Odoo transport "${choice}" needs ${what} (ODOO_PASSWORD / ODOO_API_KEY)`);
  };
  if (choice === 'session' || (choice === 'auto' && password)) {
    if (!password) return needSecret('a password: session login refuses API keys');
    return new SessionTransport({ url, db, user, password, timeoutMs, logger });
  }
  if (choice === 'jsonrpc') {
    const secret = apiKey ?? password ?? needSecret('an API key or a password');
    return new ExecuteKwTransport({ url, db, user, secret, timeoutMs, logger });
  }
  if (!apiKey) return needSecret('an API key');
  if (choice === 'json2') return new Json2Transport({ url, db, apiKey, timeoutMs });
  const { major } = await serverVersion();
  logger?.debug('Odoo transport chosen from the server version', { major });
  return major >= FIRST_JSON2_MAJOR
    ? new Json2Transport({ url, db, apiKey, timeoutMs })
    : new ExecuteKwTransport({ url, db, user, secret: apiKey, timeoutMs, logger });
}
