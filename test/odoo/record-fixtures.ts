/**
 * Records real Odoo answers into test/odoo/fixtures/*.json for the nock tests. Run by hand
 * against an Odoo 18 with the addon installed (it creates canvases and executions there):
 *
 *   source /work/odoo-local/READY   # ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD, ODOO_API_KEY
 *   npx tsc --outDir /tmp/odoo-recorder --rootDir . --module commonjs --target es2022 \
 *     --esModuleInterop --skipLibCheck --resolveJsonModule test/odoo/record-fixtures.ts
 *   NODE_PATH=$PWD/node_modules node /tmp/odoo-recorder/test/odoo/record-fixtures.js
 *
 * Passwords and keys are replaced by "<secret>" and the session cookie by a fixed one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonValue } from '../../src/workflow/json';
import { createOdooClient } from '../../src/odoo/client';
import { PROBES, type ProbeContext } from './helpers/client-probes';
import type { RecordedFixture } from './helpers/exchanges';
import { recordFetch } from './helpers/fetch-recorder';
import { SCENARIOS } from './helpers/scenarios';

// Run from the repository root (the compiled script lives elsewhere).
const FIXTURES = path.resolve('test/odoo/fixtures');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source the Odoo READY file first`);
  return value;
}

const base = {
  url: required('ODOO_URL'),
  db: required('ODOO_DB'),
  user: required('ODOO_USER'),
  password: required('ODOO_PASSWORD'),
  apiKey: required('ODOO_API_KEY'),
};

const recorder = recordFetch();

function write(name: string, fixture: RecordedFixture): void {
  fs.writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`recorded ${name}: ${fixture.exchanges.length} exchanges`);
}

async function recordProbes(stamp: string): Promise<void> {
  const setup = createOdooClient({ ...base, transport: 'session' });
  const canvasId = await setup.create('canvas', { name: `Probe canvas ${stamp}`, workflow_id: `rec-${stamp}-probe` });
  const ctx: ProbeContext = {
    base,
    canvasId,
    destroySession: async () => {
      await fetch(`${base.url}/web/session/destroy`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: recorder.lastCookie() },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {} }),
      });
    },
  };
  for (const [name, probe] of Object.entries(PROBES)) {
    recorder.take();
    const outcome = await probe(ctx);
    write(`probe-${name}`, {
      notes: `Client probe "${name}" against a live Odoo 18 (canvas ${canvasId} made for the probes).`,
      recordedAt: new Date().toISOString(),
      stamp,
      exchanges: recorder.take(),
      outcome: { canvasId, ...((outcome as { [key: string]: JsonValue }) ?? {}) },
    });
  }
}

async function recordScenarios(stamp: string): Promise<void> {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `odoo-rec-${name}-`));
    recorder.take();
    const outcome = await scenario({
      client: createOdooClient({ ...base, transport: 'session' }),
      downClient: createOdooClient({ ...base, url: 'http://127.0.0.1:9', transport: 'session', retries: 0 }),
      dataDir,
      stamp,
      settle: () => new Promise((resolve) => setTimeout(resolve, 2100)),
      now: Date.now,
    });
    write(`scenario-${name}`, {
      notes: `Store scenario "${name}" (test/odoo/helpers/scenarios.ts) against a live Odoo 18.`,
      recordedAt: new Date().toISOString(),
      stamp,
      exchanges: recorder.take(),
      outcome,
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}-other`, { recursive: true, force: true });
  }
}

/** The sidecar user may not delete canvases: with admin credentials, remove what the recording made. */
async function cleanUp(stamp: string): Promise<void> {
  const login = process.env.ODOO_ADMIN_USER;
  const password = process.env.ODOO_ADMIN_PASSWORD;
  if (!login || !password) return;
  const admin = createOdooClient({ ...base, user: login, password, transport: 'session' });
  const canvases = await admin.search('canvas', [
    '|',
    ['workflow_id', '=like', `rec-${stamp}-%`],
    ['name', 'like', stamp],
  ]);
  if (canvases.length > 0) await admin.unlink('canvas', canvases);
  console.log(`removed ${canvases.length} recording canvases`);
}

async function main(): Promise<void> {
  fs.mkdirSync(FIXTURES, { recursive: true });
  const stamp = Date.now().toString(36);
  await recordProbes(stamp);
  await recordScenarios(stamp);
  await cleanUp(stamp);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
