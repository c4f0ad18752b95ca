import { AutomatorError, type ErrorCode } from '../errors';

/** Where a failed call was going: named in every message so a log line alone says what failed. */
export interface OdooCallTarget {
  model?: string;
  method?: string;
}

/**
 * Whether Odoo may have executed a call that failed. `no`: the request never reached Odoo or
 * Odoo rolled it back (safe to resend); `maybe`: a reset or timeout after sending (a resent
 * create could duplicate the record).
 */
export type Delivery = 'no' | 'maybe' | 'yes';

export interface OdooErrorDetails {
  /** Odoo's exception class, e.g. `odoo.exceptions.ValidationError`. */
  odooName?: string;
  /** Odoo's own message, unchanged. */
  odooMessage?: string;
  /** Odoo's traceback text, when it sent one (kept off the message: it is long). */
  debug?: string;
  target?: OdooCallTarget;
  transient?: boolean;
  delivery?: Delivery;
  cause?: unknown;
}

function describeTarget(target: OdooCallTarget | undefined): string {
  if (!target?.model) return target?.method ? ` (${target.method})` : '';
  return ` on ${target.model}.${target.method ?? '?'}`;
}

/** Base of every failure talking to Odoo. `transient` ones are worth retrying. */
export class OdooError extends AutomatorError {
  readonly odooName?: string;
  readonly odooMessage?: string;
  readonly debug?: string;
  readonly target?: OdooCallTarget;
  readonly transient: boolean;
  readonly delivery: Delivery;

  constructor(summary: string, code: ErrorCode, details: OdooErrorDetails = {}) {
    const message = `${summary}${describeTarget(details.target)}${details.odooMessage ? `: ${details.odooMessage}` : ''}`;
    super(message, code, { cause: details.cause });
    this.odooName = details.odooName;
    this.odooMessage = details.odooMessage;
    this.debug = details.debug;
    this.target = details.target;
    this.transient = details.transient ?? false;
    this.delivery = details.delivery ?? 'yes';
  }
}

/** odoo.exceptions.AccessError: the user lacks the rights (ACL, record rule, private method). */
export class OdooAccessError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo refused access', 'forbidden', details);
  }
}

/** odoo.exceptions.ValidationError: a constraint, or a SQL integrity error Odoo rewrote. */
export class OdooValidationError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo rejected the values', 'bad_request', details);
  }
}

/** odoo.exceptions.MissingError: the record does not exist (any more). */
export class OdooMissingError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo record not found', 'not_found', details);
  }
}

/** odoo.exceptions.UserError (and RedirectWarning): a business rule refused the operation. */
export class OdooUserError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo refused the operation', 'bad_request', details);
  }
}

/** odoo.exceptions.AccessDenied, or a login that returned no user: wrong login, password or key. */
export class OdooAuthenticationError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo rejected the credentials', 'unavailable', details);
  }
}

/** The web session is gone and logging in again did not help. */
export class OdooSessionExpiredError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo session expired', 'unavailable', details);
  }
}

export class OdooDatabaseNotFoundError extends OdooError {
  constructor(database: string, details: OdooErrorDetails) {
    super(`Odoo database "${database}" not found`, 'unavailable', details);
  }
}

/** Any other server-side failure (ValueError, a serialization conflict after Odoo's own retries...). */
export class OdooServerError extends OdooError {
  constructor(details: OdooErrorDetails) {
    super('Odoo server error', 'internal', details);
  }
}

/** The request did not get an answer: refused, reset, DNS, or an unusable HTTP status. */
export class OdooConnectionError extends OdooError {
  constructor(summary: string, details: OdooErrorDetails) {
    super(summary, 'unavailable', { transient: true, ...details });
  }
}

export class OdooTimeoutError extends OdooError {
  constructor(timeoutMs: number, details: OdooErrorDetails) {
    super(`Odoo did not answer within ${timeoutMs} ms`, 'unavailable', {
      transient: true,
      delivery: 'maybe',
      ...details,
    });
  }
}

/** The server does not offer what the configuration asked for (e.g. JSON-2 on Odoo 18). */
export class OdooProtocolError extends OdooError {
  constructor(summary: string, details: OdooErrorDetails = {}) {
    super(summary, 'internal', details);
  }
}

export function isTransientOdooError(error: unknown): error is OdooError {
  return error instanceof OdooError && error.transient;
}
