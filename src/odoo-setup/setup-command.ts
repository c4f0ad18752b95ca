import { randomBytes } from 'node:crypto';
import { createOdooClient } from '../odoo';
import { errorMessage } from '../errors';
import { readAdminPassword, type SecretPrompt } from './admin-password';
import { openHealthProbe } from './health-probe';
import { parseSetupArgs, SETUP_USAGE } from './setup-args';
import type { SetupDependencies } from './setup-context';
import { SetupInputError } from './setup-error';
import { envLines, runSetup } from './run-setup';

export interface SetupIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  promptSecret?: SecretPrompt;
}

export const defaultSetupDependencies = (env: NodeJS.ProcessEnv): SetupDependencies => ({
  createClient: createOdooClient,
  randomSecret: () => randomBytes(24).toString('base64url'),
  openHealthProbe,
  env,
});

/** `cli odoo setup ...`: 0 done (or nothing to change), 2 unusable input (one line), 1 our own failure. */
export async function runOdooSetupCommand(argv: readonly string[], io: SetupIo, deps?: SetupDependencies): Promise<number> {
  try {
    const options = parseSetupArgs(argv);
    const password = await readAdminPassword(options.adminPasswordFile, io.env, io.promptSecret);
    const outcome = await runSetup(options, password, deps ?? defaultSetupDependencies(io.env));
    for (const line of outcome.lines) io.stdout(`${line}\n`);
    io.stdout(`${options.envFile} holds:\n${envLines(outcome.envValues, options.showSecrets).map((line) => `  ${line}`).join('\n')}\n`);
    io.stdout(
      outcome.changes === 0
        ? 'nothing to change: Odoo and the sidecar were already set up\n'
        : `done (${outcome.changes} change${outcome.changes === 1 ? '' : 's'}): start the sidecar with \`npm start\`\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SetupInputError) {
      io.stderr(`odoo setup: ${error.message}\n`);
      if (/^unknown option|is required$|needs a value$/.test(error.message)) io.stderr(`${SETUP_USAGE}\n`);
      return 2;
    }
    io.stderr(`odoo setup failed: ${errorMessage(error)}\n`);
    return 1;
  }
}
