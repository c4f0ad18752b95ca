import { isJsonObject, type JsonValue } from '../workflow/json';
import {
  OdooAccessError,
  OdooAuthenticationError,
  OdooDatabaseNotFoundError,
  type OdooCallTarget,
  OdooError,
  type OdooErrorDetails,
  OdooMissingError,
  OdooServerError,
  OdooSessionExpiredError,
  OdooUserError,
  OdooValidationError,
} from './errors';

/** Odoo's serialised exception: JSON-RPC's `error.data`, or JSON-2's whole error body. */
export interface OdooErrorPayload {
  name: string;
  message: string;
  debug?: string;
  /** JSON-RPC's `error.code`: 100 means the session expired. */
  code?: number;
}

/** Reads Odoo's error payload out of a JSON-RPC `error` member (`{code, message, data}`). */
export function payloadFromJsonRpcError(error: JsonValue): OdooErrorPayload {
  if (!isJsonObject(error)) return { name: 'unknown', message: String(error) };
  const data = isJsonObject(error.data) ? error.data : {};
  return {
    name: typeof data.name === 'string' ? data.name : 'unknown',
    message:
      typeof data.message === 'string'
        ? data.message
        : typeof error.message === 'string'
          ? error.message
          : 'no message',
    debug: typeof data.debug === 'string' ? data.debug : undefined,
    code: typeof error.code === 'number' ? error.code : undefined,
  };
}

/** Reads JSON-2's error body (`{name, message, arguments, context, debug}`). */
export function payloadFromJson2Error(body: JsonValue): OdooErrorPayload | undefined {
  if (!isJsonObject(body) || typeof body.name !== 'string') return undefined;
  return {
    name: body.name,
    message: typeof body.message === 'string' ? body.message : 'no message',
    debug: typeof body.debug === 'string' ? body.debug : undefined,
  };
}

const SERIALIZATION_FAILURE = /could not serialize access|SerializationFailure|deadlock detected/i;
const MISSING_DATABASE = /database "([^"]+)" does not exist/;

/** One typed error per Odoo exception kind; `database` names the db in "not found" messages. */
export function odooErrorFromPayload(
  payload: OdooErrorPayload,
  target: OdooCallTarget,
  database: string,
): OdooError {
  const details: OdooErrorDetails = {
    odooName: payload.name,
    odooMessage: payload.message,
    debug: payload.debug,
    target,
  };
  const shortName = payload.name.split('.').pop() ?? payload.name;
  if (payload.code === 100 || shortName === 'SessionExpiredException') {
    return new OdooSessionExpiredError(details);
  }
  if (payload.message === 'Database not found.' || MISSING_DATABASE.test(payload.message)) {
    return new OdooDatabaseNotFoundError(MISSING_DATABASE.exec(payload.message)?.[1] ?? database, details);
  }
  switch (shortName) {
    case 'AccessDenied':
    case 'Unauthorized': // JSON-2's answer to a wrong or revoked API key
      return new OdooAuthenticationError(details);
    case 'AccessError':
      return new OdooAccessError(details);
    case 'ValidationError':
      return new OdooValidationError(details);
    case 'MissingError':
      return new OdooMissingError(details);
    case 'UserError':
    case 'RedirectWarning':
      return new OdooUserError(details);
    default:
      if (SERIALIZATION_FAILURE.test(payload.name) || SERIALIZATION_FAILURE.test(payload.message)) {
        // Odoo already rolled the transaction back (and retried it itself): resending is safe.
        return new OdooServerError({ ...details, transient: true, delivery: 'no' });
      }
      return new OdooServerError(details);
  }
}
