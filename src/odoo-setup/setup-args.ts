import { SetupInputError } from './setup-error';

/** `odoo setup` options, parsed; the admin password is read separately (never an argument). */
export interface SetupOptions {
  url: string;
  db: string;
  adminLogin: string;
  adminPasswordFile?: string;
  /** How Odoo reaches the sidecar; unset keeps Odoo's current setting. */
  sidecarUrl?: string;
  sidecarLogin: string;
  envFile: string;
  showSecrets: boolean;
}

export const SETUP_USAGE = `usage:
  cli odoo setup --url <odoo url> --db <database> --admin-login <login>
                 [--admin-password-file <file>] [--sidecar-url <url Odoo uses to reach the sidecar>]
                 [--sidecar-login <login, default ai-automator-sidecar>] [--env-file <path, default .env>]
                 [--show-secrets]
  The admin password comes from --admin-password-file, else ODOO_ADMIN_PASSWORD, else a prompt.`;

export const DEFAULT_SIDECAR_LOGIN = 'ai-automator-sidecar';

function httpUrl(option: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new SetupInputError(`${option} must be an http(s) URL, got "${value}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SetupInputError(`${option} must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

export function parseSetupArgs(argv: readonly string[]): SetupOptions {
  const values = new Map<string, string>();
  let showSecrets = false;
  const valued = ['--url', '--db', '--admin-login', '--admin-password-file', '--sidecar-url', '--sidecar-login', '--env-file'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--show-secrets') {
      showSecrets = true;
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!valued.includes(name)) throw new SetupInputError(`unknown option "${arg}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new SetupInputError(`${name} needs a value`);
    values.set(name, value);
  }
  const required = (name: string): string => {
    const value = values.get(name);
    if (value === undefined) throw new SetupInputError(`${name} is required`);
    return value;
  };
  const sidecarUrl = values.get('--sidecar-url');
  return {
    url: httpUrl('--url', required('--url')),
    db: required('--db'),
    adminLogin: required('--admin-login'),
    adminPasswordFile: values.get('--admin-password-file'),
    sidecarUrl: sidecarUrl === undefined ? undefined : httpUrl('--sidecar-url', sidecarUrl),
    sidecarLogin: values.get('--sidecar-login') ?? DEFAULT_SIDECAR_LOGIN,
    envFile: values.get('--env-file') ?? '.env',
    showSecrets,
  };
}
