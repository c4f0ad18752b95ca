import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOdooClient } from '../../../src/odoo';
import type { OpenHealthProbe } from '../../../src/odoo-setup/health-probe';
import type { SetupDependencies } from '../../../src/odoo-setup/setup-context';
import { runOdooSetupCommand } from '../../../src/odoo-setup/setup-command';

/**
 * `odoo setup` runs recorded against a live Odoo 18 (record-setup-fixtures.ts) and replayed
 * with nock (odoo-setup-recorded.test.ts). Secrets come from a counter, so a replay sends
 * exactly the requests that were recorded.
 */
export interface SetupScenario {
  /** Arguments after `--url <odoo>`. */
  args: string[];
  adminPassword: string;
  /** The scenario whose resulting `.env` this one starts from; none: no `.env`. */
  envFrom?: string;
  /** `withoutAddon`: an Odoo whose addons path lacks the addon. */
  server: 'withAddon' | 'withoutAddon';
}

export const SETUP_DB = 'setup_rec';
export const SIDECAR_PORT = '21121';
const SIDECAR_URL = `http://127.0.0.1:${SIDECAR_PORT}`;

export const SETUP_SCENARIOS: Record<string, SetupScenario> = {
  firstRun: { args: ['--db', SETUP_DB, '--admin-login', 'admin', '--sidecar-url', SIDECAR_URL], adminPassword: 'admin', server: 'withAddon' },
  secondRun: {
    args: ['--db', SETUP_DB, '--admin-login', 'admin', '--sidecar-url', SIDECAR_URL],
    adminPassword: 'admin',
    envFrom: 'firstRun',
    server: 'withAddon',
  },
  wrongPassword: {
    args: ['--db', SETUP_DB, '--admin-login', 'admin', '--sidecar-url', SIDECAR_URL],
    adminPassword: 'not-the-password',
    envFrom: 'firstRun',
    server: 'withAddon',
  },
  unknownDatabase: { args: ['--db', 'no_such_db', '--admin-login', 'admin'], adminPassword: 'admin', server: 'withAddon' },
  unreachableSidecar: {
    args: ['--db', SETUP_DB, '--admin-login', 'admin', '--sidecar-url', 'http://127.0.0.1:1'],
    adminPassword: 'admin',
    envFrom: 'firstRun',
    server: 'withAddon',
  },
  addonNotOnPath: { args: ['--db', 'noaddon', '--admin-login', 'admin', '--sidecar-url', SIDECAR_URL], adminPassword: 'admin', server: 'withoutAddon' },
};

export interface SetupRun {
  code: number;
  stdout: string;
  stderr: string;
  /** `.env` after the run; null when there is none. */
  envFile: string | null;
}

export function scenarioDependencies(name: string, openHealthProbe: OpenHealthProbe): SetupDependencies {
  let count = 0;
  return {
    createClient: createOdooClient,
    randomSecret: () => `${name}-secret-${++count}`,
    openHealthProbe,
    env: { PORT: SIDECAR_PORT },
  };
}

/** Runs one scenario in a fresh folder; `envBefore` is the `.env` it starts with. */
export async function runScenario(
  name: string,
  url: string,
  envBefore: string | null,
  openHealthProbe: OpenHealthProbe,
  extraArgs: string[] = [],
): Promise<SetupRun> {
  const scenario = SETUP_SCENARIOS[name] as SetupScenario;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `odoo-setup-${name}-`));
  const envFile = path.join(dir, '.env');
  if (envBefore !== null) fs.writeFileSync(envFile, envBefore, { mode: 0o600 });
  let stdout = '';
  let stderr = '';
  try {
    const code = await runOdooSetupCommand(
      ['--url', url, ...scenario.args, '--env-file', envFile, ...extraArgs],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: { ODOO_ADMIN_PASSWORD: scenario.adminPassword } },
      scenarioDependencies(name, openHealthProbe),
    );
    const show = (text: string) => text.split(url).join('<odoo>').split(envFile).join('<env-file>');
    return { code, stdout: show(stdout), stderr: show(stderr), envFile: fs.existsSync(envFile) ? show(fs.readFileSync(envFile, 'utf8')) : null };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `.env` a scenario starts from, with the recording's Odoo URL put back in. */
export function envBefore(outcomes: Record<string, SetupRun>, name: string, url: string): string | null {
  const from = SETUP_SCENARIOS[name]?.envFrom;
  const source = from === undefined ? null : outcomes[from]?.envFile;
  return source === null || source === undefined ? null : source.split('<odoo>').join(url);
}
