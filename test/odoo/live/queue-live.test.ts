import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { OdooClient } from '../../../src/odoo/client';
import type { JsonValue } from '../../../src/workflow/json';
import { missingServer, startRedis, type TestServer } from '../../helpers/queue-servers';
import { startServiceProcess, startWorkerProcess, transpileService, type ServiceProcess } from '../../helpers/service-process';
import { chain, set, WEBHOOK } from '../../integration/helpers/workflows';
import { adminClient, eventually, LiveCanvases, liveOdooConfigured, sidecarClient } from './helpers/live-service';

/*
 * Queue mode with Odoo as the store, against the live Odoo of the environment: a real main
 * and a real worker (separate processes, each with a DATA_DIR of its own, so each its own
 * outbox) on a real Redis. Odoo shows the execution `queued` while no worker runs, then its
 * end with the worker that ran it; AI Automator > Queue (headless Chromium) shows the real
 * sidecar's backend, counts and workers and follows them by itself. Needs ODOO_* (admin
 * login too), Chromium and redis-server; skipped otherwise.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = process.env;
const runnable = liveOdooConfigured && Boolean(env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD) && fs.existsSync(CHROMIUM) && missingServer('redis') === undefined;
if (!runnable) process.stderr.write('queue-live.test.ts: SKIPPED (needs ODOO_URL/DB/USER/PASSWORD, ODOO_ADMIN_USER/PASSWORD, Chromium and redis-server)\n');
const describeLive = runnable ? describe : describe.skip;

const KEY = 'queue-live-test-key-0123456789';
const HOOK = `queue-live-${process.pid}`;

describeLive('queue mode with Odoo as the store (live Odoo, real main, worker and Redis)', () => {
  let redis: TestServer;
  let outDir: string;
  let main: ServiceProcess;
  let worker: (ServiceProcess & { workerId: string }) | undefined;
  let browser: Browser;
  let page: Page;
  let admin: OdooClient;
  let reader: OdooClient;
  let processEnv: Record<string, string>;
  const dirs: string[] = [];
  const canvases = new LiveCanvases();
  const previous: Record<string, JsonValue> = {};
  const PARAMS = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];

  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-live-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    redis = await startRedis();
    outDir = transpileService();
    admin = adminClient();
    reader = sidecarClient();
    const workflow = chain(`queueLive${process.pid}`, [
      ['Hook', WEBHOOK, { httpMethod: 'POST', path: HOOK, responseMode: 'onReceived', options: {} }],
      ['Answer', 'n8n-nodes-base.set', set({ doubled: '={{ $json.body.n * 2 }}' })],
    ]);
    const created = await canvases.create({ ...workflow, active: true });
    processEnv = {
      EXECUTIONS_MODE: 'queue',
      QUEUE_URL: redis.url,
      ODOO_URL: env.ODOO_URL as string,
      ODOO_DB: env.ODOO_DB as string,
      ODOO_USER: env.ODOO_USER as string,
      ODOO_PASSWORD: env.ODOO_PASSWORD as string,
      SIDECAR_API_KEY: KEY,
      CREDENTIALS_KEY: 'queue-live-credentials-key-0123456789',
      QUEUE_LEASE_MS: '5000',
      LOG_LEVEL: 'info',
    };
    main = await startServiceProcess(outDir, { ...processEnv, DATA_DIR: dataDir() });
    const activated = await fetch(`${main.url}/canvas/${created.workflowId}/activate`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{}' });
    expect(activated.status).toBe(200);
    for (const key of PARAMS) previous[key] = await admin.call('ir.config_parameter', 'get_param', [key]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_url', main.url]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_api_key', KEY]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    // The first web client load builds asset bundles: slow on a loaded machine.
    page.setDefaultTimeout(120_000);
    await page.goto(`${env.ODOO_URL}/web/login?db=${env.ODOO_DB}`);
    await page.fill('input[name="login"]', env.ODOO_ADMIN_USER as string);
    await page.fill('input[name="password"]', env.ODOO_ADMIN_PASSWORD as string);
    await Promise.all([page.waitForURL(/\/odoo/, { waitUntil: 'commit' }), page.click('button[type="submit"]')]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    for (const key of PARAMS) await admin?.call('ir.config_parameter', 'set_param', [key, previous[key] ?? false]);
    for (const process of [main, worker]) {
      if (process && process.child.exitCode === null && process.child.signalCode === null) {
        process.child.kill('SIGTERM');
        await process.exited;
      }
    }
    await canvases.cleanup();
    await admin?.close();
    await reader?.close();
    await redis?.stop();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const text = (selector: string) => page.locator(selector).first().innerText();

  it('shows the execution queued while no worker runs, then its end and the worker that ran it; the Queue page follows', async () => {
    const answered = await fetch(`${main.url}/webhook/${HOOK}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 21 }) });
    expect(answered.status).toBe(200);
    type Row = { execution_id: string; status: string; worker: string | false; execution_data: string | false };
    const rows = () => reader.searchRead<Row>('executions', [['canvas_id.workflow_id', '=', `queueLive${process.pid}`]], { fields: ['execution_id', 'status', 'worker', 'execution_data'] });
    const queued = await eventually(async () => (await rows()).find((row) => row.status === 'queued'), 30_000, 'the execution queued in Odoo');
    expect(queued.worker).toBe(false);

    await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_queue_dashboard`);
    await page.locator('.o_ai_automator_queue .o_queue_count[data-count="waiting"]').waitFor();
    expect(await text('.o_queue_backend strong')).toBe('redis');
    expect(await text('.o_queue_count[data-count="waiting"]')).toBe('1');
    expect(await page.locator('.o_queue_no_workers').count()).toBe(1);

    worker = await startWorkerProcess(outDir, { ...processEnv, DATA_DIR: dataDir() });
    const ended = await eventually(async () => (await rows()).find((row) => row.execution_id === queued.execution_id && row.status === 'success'), 60_000, 'the execution ended in Odoo');
    expect(ended.worker).toBe(worker.workerId);
    expect(JSON.parse(ended.execution_data as string).resultData.runData.Answer[0].data.main[0][0].json).toEqual({ doubled: '42' });
    expect(await rows()).toHaveLength(1);

    // The page refreshes by itself: the job has left the queue and the worker is listed.
    await page.locator(`.o_queue_workers tr[data-worker="${worker.workerId}"]`).waitFor({ timeout: 30_000 });
    await page.waitForFunction(`document.querySelector('.o_queue_count[data-count="waiting"]')?.textContent === '0'`, undefined, { timeout: 30_000 });
    const cells = await page.locator(`.o_queue_workers tr[data-worker="${worker.workerId}"] td`).allInnerTexts();
    expect(cells.slice(0, 4)).toEqual([worker.workerId, os.hostname(), String(worker.child.pid), '10']);
  }, 180_000);
});
