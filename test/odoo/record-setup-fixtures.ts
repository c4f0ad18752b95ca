/**
 * Records `odoo setup` against live Odoo 18 servers into test/odoo/fixtures/setup-*.json and
 * rights-*.json, for odoo-setup-recorded.test.ts. Needs two servers: SETUP_ODOO_URL with the
 * addon on its addons path but NOT installed in database `setup_rec` (a fresh one), and
 * SETUP_NOADDON_URL without the addon, database `noaddon`; admin/admin on both; port 21121
 * free (the setup's stand-in /healthz listens there). Compile and run as record-fixtures.ts says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assertSidecarRights, createOdooClient } from '../../src/odoo';
import { openHealthProbe } from '../../src/odoo-setup/health-probe';
import { errorMessage } from '../../src/errors';
import type { JsonValue } from '../../src/workflow/json';
import type { RecordedFixture } from './helpers/exchanges';
import { recordFetch } from './helpers/fetch-recorder';
import { envBefore, runScenario, SETUP_DB, SETUP_SCENARIOS, type SetupRun } from './helpers/setup-scenarios';

const FIXTURES = path.resolve('test/odoo/fixtures');
const urls = { withAddon: process.env.SETUP_ODOO_URL ?? 'http://127.0.0.1:21120', withoutAddon: process.env.SETUP_NOADDON_URL ?? 'http://127.0.0.1:21130' };
const recorder = recordFetch();

function write(name: string, fixture: RecordedFixture): void {
  fs.writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`recorded ${name}: ${fixture.exchanges.length} exchanges`);
}

async function recordSetup(): Promise<Record<string, SetupRun>> {
  const outcomes: Record<string, SetupRun> = {};
  for (const [name, scenario] of Object.entries(SETUP_SCENARIOS)) {
    const url = urls[scenario.server];
    recorder.take();
    const outcome = await runScenario(name, url, envBefore(outcomes, name, url), openHealthProbe);
    outcomes[name] = outcome;
    write(`setup-${name}`, {
      notes: `odoo setup scenario "${name}" (test/odoo/helpers/setup-scenarios.ts) against a live Odoo 18.`,
      recordedAt: new Date().toISOString(),
      stamp: name,
      exchanges: recorder.take(),
      outcome: outcome as unknown as JsonValue,
    });
  }
  return outcomes;
}

/** The start-up rights check, for the login setup made and for one without the group. */
async function recordRights(sidecarPassword: string): Promise<void> {
  const base = { url: urls.withAddon, db: SETUP_DB, transport: 'session' as const };
  const admin = createOdooClient({ ...base, user: 'admin', password: 'admin' });
  const [existing] = await admin.search('res.users', [['login', '=', 'nogroup']]);
  if (existing === undefined) await admin.create('res.users', { name: 'No group', login: 'nogroup', password: 'nogroup-password' }); // default groups: an internal user
  await admin.close();
  for (const [name, user, password] of [
    ['sidecarLogin', 'ai-automator-sidecar', sidecarPassword],
    ['missingGroup', 'nogroup', 'nogroup-password'],
  ] as const) {
    recorder.take();
    const client = createOdooClient({ ...base, user, password });
    let outcome: JsonValue;
    try {
      outcome = { report: (await assertSidecarRights(client, user, SETUP_DB)) as unknown as JsonValue };
    } catch (error) {
      outcome = { error: errorMessage(error) };
    }
    await client.close();
    write(`rights-${name}`, { notes: `Start-up rights check of "${user}" against a live Odoo 18.`, recordedAt: new Date().toISOString(), stamp: name, exchanges: recorder.take(), outcome });
  }
}

async function main(): Promise<void> {
  const outcomes = await recordSetup();
  const password = /ODOO_PASSWORD=(.*)/.exec(outcomes.firstRun?.envFile ?? '')?.[1];
  if (!password) throw new Error('the first run wrote no ODOO_PASSWORD');
  await recordRights(password);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
