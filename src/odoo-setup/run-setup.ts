import { connectAdmin } from './connect-admin';
import { readEnvFile, updateEnvFile, type EnvValues } from './env-file';
import { ensureModule, locateModule } from './module-step';
import { userIdByLogin } from './odoo-calls';
import type { SetupOptions } from './setup-args';
import type { SetupContext, SetupDependencies, StepResult } from './setup-context';
import { checkOdooReachesSidecar } from './sidecar-reach';
import { checkSidecarReachesOdoo, passwordWorks } from './sidecar-login';
import { ensureSettings, readSetting, SETTING_SIDECAR_API_KEY, SETTING_SIDECAR_URL } from './settings-step';
import { ensureTechnicalUser } from './technical-user';

export const DEFAULT_SIDECAR_URL = 'http://127.0.0.1:5680';
const SECRET_VARIABLES = new Set(['ODOO_PASSWORD', 'SIDECAR_API_KEY']);

export interface SetupOutcome {
  lines: string[];
  /** How many steps changed something; 0 means the run found everything right. */
  changes: number;
  /** What `.env` now holds for the sidecar (secrets included: print only when asked). */
  envValues: EnvValues;
}

/** The technical user's password from an earlier run's `.env`, if it was written for this Odoo. */
function previousPassword(ctx: SetupContext): string | undefined {
  const { envFile, options } = ctx;
  const sameTarget = envFile.ODOO_URL?.replace(/\/+$/, '') === options.url && envFile.ODOO_DB === options.db && envFile.ODOO_USER === options.sidecarLogin;
  return sameTarget && envFile.ODOO_PASSWORD ? envFile.ODOO_PASSWORD : undefined;
}

/**
 * Wires a sidecar to an Odoo: everything that can refuse (login, database, addon on the
 * path, Odoo's way to the sidecar) is checked before the user, settings and `.env` are
 * written; each step changes only what is not already right, so a second run changes nothing.
 */
export async function runSetup(options: SetupOptions, adminPassword: string, deps: SetupDependencies): Promise<SetupOutcome> {
  const envFile = readEnvFile(options.envFile);
  const { client: admin, version } = await connectAdmin(options, adminPassword, deps);
  const ctx: SetupContext = { options, deps, admin, adminPassword, envFile };
  const steps: StepResult[] = [];
  try {
    steps.push({ line: `Odoo ${version} at ${options.url}, database "${options.db}", as ${options.adminLogin}`, changed: false });
    const module = await locateModule(ctx);
    steps.push(await ensureModule(ctx, module));
    const sidecarUrl = options.sidecarUrl ?? ((await readSetting(ctx, SETTING_SIDECAR_URL)) || DEFAULT_SIDECAR_URL);
    steps.push(await checkOdooReachesSidecar(ctx, sidecarUrl));

    const previous = previousPassword(ctx);
    const userExists = (await userIdByLogin(admin, options.sidecarLogin)) !== undefined;
    const keep = previous !== undefined && userExists && (await passwordWorks(ctx, previous));
    const password = keep ? previous : deps.randomSecret();
    steps.push(await ensureTechnicalUser(ctx, keep ? undefined : password));

    const sidecarApiKey =
      deps.env.SIDECAR_API_KEY || envFile.SIDECAR_API_KEY || (await readSetting(ctx, SETTING_SIDECAR_API_KEY)) || deps.randomSecret();
    steps.push(await ensureSettings(ctx, sidecarUrl, sidecarApiKey));
    steps.push(await checkSidecarReachesOdoo(ctx, password));

    const envValues: EnvValues = {
      ODOO_URL: options.url,
      ODOO_DB: options.db,
      ODOO_USER: options.sidecarLogin,
      ODOO_PASSWORD: password,
      SIDECAR_API_KEY: sidecarApiKey,
    };
    // A password login needs a transport that takes one.
    if (envFile.ODOO_TRANSPORT === 'json2') envValues.ODOO_TRANSPORT = 'auto';
    const written = updateEnvFile(options.envFile, envValues, ['ODOO_API_KEY']);
    const touched = [...written.changed, ...written.removed.map((key) => `-${key}`)];
    steps.push({
      line: touched.length > 0 ? `${options.envFile}: set ${touched.join(', ')}` : `${options.envFile}: unchanged`,
      changed: touched.length > 0,
    });
    for (const [key, value] of Object.entries(envValues)) {
      const real = deps.env[key];
      if (real !== undefined && real !== '' && real !== value) {
        steps.push({ line: `note: ${key} is set in this shell's environment and overrides ${options.envFile} for \`npm start\``, changed: false });
      }
    }
    return { lines: steps.map((step) => step.line), changes: steps.filter((step) => step.changed).length, envValues };
  } finally {
    await admin.close();
  }
}

/** `.env` lines for the user, with the secrets masked unless asked for. */
export function envLines(values: EnvValues, showSecrets: boolean): string[] {
  return Object.entries(values).map(([key, value]) => `${key}=${SECRET_VARIABLES.has(key) && !showSecrets ? '<hidden>' : value}`);
}
