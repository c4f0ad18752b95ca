import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { lazyLibrary } from '../../lazy-library';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { JsonObject } from '../../../workflow/json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodemailer = lazyLibrary(() => require('nodemailer') as typeof Nodemailer);

/** The `smtp` credential's fields (n8n's names and defaults). */
export interface SmtpCredentials {
  user?: string;
  password?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  disableStartTls?: boolean;
  hostName?: string;
}

/** n8n's configureTransport: nodemailer over SMTP, never reading local files or URLs for attachments. */
export function smtpTransport(credentials: SmtpCredentials, options: JsonObject): Transporter<SMTPTransport.SentMessageInfo> {
  const connection: SMTPTransport.Options = {
    host: credentials.host,
    port: credentials.port,
    secure: credentials.secure,
  };
  if (credentials.secure === false) connection.ignoreTLS = credentials.disableStartTls;
  if (typeof credentials.hostName === 'string' && credentials.hostName) connection.name = credentials.hostName;
  if (credentials.user || credentials.password) connection.auth = { user: credentials.user, pass: credentials.password };
  if (options.allowUnauthorizedCerts === true) connection.tls = { rejectUnauthorized: false };
  return nodemailer().createTransport(connection, { disableFileAccess: true, disableUrlAccess: true });
}
