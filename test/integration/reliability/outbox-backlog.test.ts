import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config';
import type { BacklogStatus } from '../../../src/executions/backlog-bound';
import { createLogger } from '../../../src/logging';
import { buildService, type BuiltService } from '../../../src/server/build-service';
import { OdooExecutionStore } from '../../../src/store/odoo/execution-store';
import { FakeOdoo } from '../../helpers/fake-odoo-server';
import { SET, WEBHOOK, chain, set } from '../helpers/workflows';

/*
 * Odoo mode against a deliberately slow Odoo on loopback (one ingest call at a time, 150 ms +
 * 30 ms per execution): sustained webhook load from 20 connections outruns it, so the outbox
 * fills to OUTBOX_MAX_PENDING and the service must refuse with 503 + Retry-After instead of
 * piling up, lose nothing it answered 200 for, and shrink its file once Odoo caught up.
 */

const KEY = 'backlog-test-key-0123456789';
const MAX_PENDING = 20;
const CONNECTIONS = 20;
/** Load goes on until Odoo fell behind and callers were refused, at most this long. */
const MAX_LOAD_MS = 30_000;

const workflow = chain('backlog-load', [
  ['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'load', responseMode: 'lastNode' }],
  ['Stamp', SET, set({ executionId: '={{ $execution.id }}' })],
]);

let odoo: FakeOdoo;
let built: BuiltService;
let server: http.Server;
let base: string;
let dataDir: string;

beforeAll(async () => {
  odoo = new FakeOdoo({ workflows: [workflow], ingestDelayMs: (count) => 150 + 30 * count });
  await odoo.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-backlog-'));
  const config = loadConfig({
    ODOO_URL: odoo.url,
    ODOO_DB: 'fake',
    ODOO_USER: 'sidecar',
    ODOO_PASSWORD: 'sidecar-password',
    ODOO_TRANSPORT: 'session',
    OUTBOX_MAX_PENDING: String(MAX_PENDING),
    DATA_DIR: dataDir,
    SIDECAR_API_KEY: KEY,
    LOG_LEVEL: 'error',
  });
  built = buildService(config, { logger: createLogger('error', { stream: new Writable({ write: (_c, _e, done) => done() }) }), defaultMetrics: false });
  const report = await built.start();
  expect(report.activated).toHaveLength(1);
  server = http.createServer(built.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await built?.shutdown(5000);
  await odoo?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const pendingNow = (): number => {
  const source = built.stores.backlog?.();
  if (!source) throw new Error('no backlog in Odoo mode');
  return source.pending;
};

interface Answer {
  status: number;
  executionId?: string;
  retryAfter: string | null;
}

/** Calls from CONNECTIONS loops until `enough` says so (or MAX_LOAD_MS passed). */
async function load(enough: (answers: Answer[]) => boolean, onAnswer: () => void): Promise<Answer[]> {
  const answers: Answer[] = [];
  const deadline = Date.now() + MAX_LOAD_MS;
  const connection = async () => {
    while (Date.now() < deadline && !enough(answers)) {
      const response = await fetch(`${base}/webhook/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
      const body = (await response.json()) as { executionId?: string };
      answers.push({ status: response.status, executionId: body.executionId, retryAfter: response.headers.get('retry-after') });
      onAnswer();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  return answers;
}

describe('a bounded Odoo backlog under sustained load (slow fake Odoo)', () => {
  it('answers every call 200 or 503 + Retry-After, never holds more than OUTBOX_MAX_PENDING, and delivers every 200 exactly once', async () => {
    let highest = 0;
    const sample = () => {
      highest = Math.max(highest, pendingNow());
    };
    const sampler = setInterval(sample, 5);
    // Sustained: past the bound, refused for a while, and accepted again as Odoo catches up.
    const enough = (answers: Answer[]) => {
      const refused = answers.findIndex((answer) => answer.status === 503);
      return refused >= 0 && answers.slice(refused).filter((answer) => answer.status === 200).length >= MAX_PENDING;
    };
    const answers = await load(enough, sample);
    clearInterval(sampler);
    const readyz = await fetch(`${base}/readyz`);

    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    for (const answer of answers.filter((a) => a.status === 503)) expect(answer.retryAfter).toBe('5');
    const accepted = answers.filter((answer) => answer.status === 200).map((answer) => answer.executionId);
    expect(accepted.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(highest).toBeLessThanOrEqual(MAX_PENDING);
    expect(highest).toBeGreaterThan(MAX_PENDING / 2);
    // /readyz right after the load: 503 while full, else 200 with the backlog's figures.
    if (readyz.status === 200) {
      const data = ((await readyz.json()) as { data: { outbox: BacklogStatus } }).data;
      expect(data.outbox.maxPending).toBe(MAX_PENDING);
    } else {
      expect(readyz.status).toBe(503);
      expect(((await readyz.json()) as { error: { message: string } }).error.message).toMatch(/OUTBOX_MAX_PENDING=20/);
    }

    const store = built.stores.executions;
    if (!(store instanceof OdooExecutionStore)) throw new Error('not the Odoo store');
    const drained = await store.flush();
    expect(drained.pending).toBe(0);

    // Exactly the executions answered 200, each created once, each finished.
    const rows = odoo.executionRows();
    expect(rows.map((row) => row.execution_id).sort()).toEqual([...accepted].sort());
    expect([...odoo.creations.values()].every((count) => count === 1)).toBe(true);
    expect(rows.every((row) => row.status === 'success' && row.finished === true)).toBe(true);
    expect(odoo.unexpected).toEqual([]);
    expect(odoo.calls.filter((call) => call.method === 'ingest_batch' && call.count > 0).length).toBeLessThan(accepted.length);

    const after = await fetch(`${base}/outbox`, { headers: { Authorization: `Bearer ${KEY}` } });
    const figures = ((await after.json()) as { data: BacklogStatus }).data;
    expect(figures).toMatchObject({ pending: 0, maxPending: MAX_PENDING, oldestPendingSeconds: 0, accepting: true, deadLetters: 0, odooReachable: true });
    expect(figures.fileBytes).toBeLessThan(10 * 1024 * 1024);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const next = await fetch(`${base}/webhook/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(next.status).toBe(200);
  }, 60_000);

  it('shows the backlog in /metrics and needs the key for /outbox', async () => {
    expect((await fetch(`${base}/outbox`)).status).toBe(401);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${KEY}` } })).text();
    expect(metrics).toMatch(/^automator_outbox_pending \d+$/m);
    expect(metrics).toMatch(/^automator_outbox_max_pending 20$/m);
    expect(metrics).toMatch(/^automator_outbox_oldest_pending_seconds [\d.]+$/m);
    expect(metrics).toMatch(/^automator_outbox_bytes \d+$/m);
  });
});
