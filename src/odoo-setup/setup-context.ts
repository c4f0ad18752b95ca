import type { OdooClient, OdooClientConfig } from '../odoo';
import type { OpenHealthProbe } from './health-probe';
import type { SetupOptions } from './setup-args';

/** What the setup reaches outside itself; tests replace each. */
export interface SetupDependencies {
  createClient(config: OdooClientConfig): OdooClient;
  /** A new random secret (password, key, probe token): URL-safe text. */
  randomSecret(): string;
  openHealthProbe: OpenHealthProbe;
  /** The process environment (real variables override `.env` for the service). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One step's outcome: a line for the user, and whether it changed anything. */
export interface StepResult {
  line: string;
  changed: boolean;
}

export interface SetupContext {
  options: SetupOptions;
  deps: SetupDependencies;
  /** Logged in as the administrator. */
  admin: OdooClient;
  adminPassword: string;
  /** `.env` as it was before this run. */
  envFile: Readonly<Record<string, string>>;
}

export const MODULE_NAME = 'the_ai_automator';
/** Installing or upgrading a module can take minutes on a loaded server. */
export const ADMIN_TIMEOUT_MS = 600_000;
