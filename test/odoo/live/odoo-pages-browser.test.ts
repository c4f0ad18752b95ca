import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { OdooClient } from '../../../src/odoo/client';
import type { JsonValue } from '../../../src/workflow/json';
import { manualToSetWorkflow } from '../helpers/records';
import { adminClient, LiveCanvases, liveOdooConfigured, sidecarClient } from './helpers/live-service';

/*
 * The addon's pages in a real browser (headless Chromium) against the live Odoo of the
 * environment, with a small fake sidecar on loopback answering the contracts of GET /queue
 * (DESIGN.md) and GET /outbox: AI Automator > Queue (refreshing by itself, and saying when the
 * sidecar runs in regular mode or is down), the backlog on the settings page, and custom data
 * in the executions list. Needs ODOO_* (admin login too) and Chromium; skipped otherwise.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = process.env;
const runnable = liveOdooConfigured && Boolean(env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD) && fs.existsSync(CHROMIUM);
if (!runnable) process.stderr.write('odoo-pages-browser.test.ts: SKIPPED (needs ODOO_URL/DB/USER/PASSWORD, ODOO_ADMIN_USER/PASSWORD and Chromium)\n');
const describeLive = runnable ? describe : describe.skip;

const KEY = 'fake-sidecar-key-for-the-pages';

/** Answers GET /queue and GET /outbox as the sidecar does; counts calls so a refresh shows. */
class FakeSidecar {
  mode: 'queue' | 'regular' = 'queue';
  queueCalls = 0;
  readonly authorizations: string[] = [];
  url = '';
  private readonly server = http.createServer((req, res) => this.answer(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.authorizations.push(req.headers.authorization ?? '');
    const send = (status: number, body: JsonValue) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${KEY}`) return send(401, { success: false, error: { code: 'unauthorized', message: 'Missing or invalid API key' } });
    if (req.url === '/outbox') {
      return send(200, { success: true, data: { pending: 1234, maxPending: 10000, oldestPendingSeconds: 7.5, fileBytes: 81920, deadLetters: 2, odooReachable: true, accepting: true } });
    }
    if (req.url === '/queue' && this.mode === 'queue') {
      this.queueCalls += 1;
      return send(200, {
        success: true,
        data: {
          backend: 'redis',
          counts: { waiting: 100 + this.queueCalls, active: 3, delayed: 2, failed: 1 },
          workers: [{ id: 'worker-a', host: 'box-1', pid: 4242, concurrency: 10, running: 3, lastSeenAt: new Date().toISOString() }],
        },
      });
    }
    send(404, { success: false, error: { code: 'not_found', message: `No route ${req.method} ${req.url}` } });
  }
}

describeLive('the addon pages in a real browser (live Odoo)', () => {
  let browser: Browser;
  let page: Page;
  let admin: OdooClient;
  let sidecar: FakeSidecar;
  const canvases = new LiveCanvases();
  const previous: Record<string, JsonValue> = {};
  const PARAMS = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];

  beforeAll(async () => {
    sidecar = new FakeSidecar();
    await sidecar.start();
    admin = adminClient();
    for (const key of PARAMS) previous[key] = await admin.call('ir.config_parameter', 'get_param', [key]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_url', sidecar.url]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_api_key', KEY]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(`${env.ODOO_URL}/web/login?db=${env.ODOO_DB}`);
    await page.fill('input[name="login"]', env.ODOO_ADMIN_USER as string);
    await page.fill('input[name="password"]', env.ODOO_ADMIN_PASSWORD as string);
    await Promise.all([page.waitForURL(/\/odoo/), page.click('button[type="submit"]')]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const key of PARAMS) await admin?.call('ir.config_parameter', 'set_param', [key, previous[key] ?? false]);
    await canvases.cleanup();
    await admin?.close();
    await sidecar?.stop();
  });

  const text = (selector: string) => page.locator(selector).first().innerText();

  it('AI Automator > Queue shows the counts and workers, refreshes by itself, and says when the sidecar is in regular mode or down', async () => {
    await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_queue_dashboard`);
    await page.locator('.o_ai_automator_queue .o_queue_count[data-count="active"]').waitFor();
    expect(await text('.o_queue_backend strong')).toBe('redis');
    expect(await text('.o_queue_count[data-count="active"]')).toBe('3');
    expect(await text('.o_queue_count[data-count="delayed"]')).toBe('2');
    expect(await text('.o_queue_count[data-count="failed"]')).toBe('1');
    const firstWaiting = Number(await text('.o_queue_count[data-count="waiting"]'));
    expect(firstWaiting).toBeGreaterThan(100);
    const worker = (await page.locator('tr[data-worker="worker-a"] td').allInnerTexts()).slice(0, 5);
    expect(worker).toEqual(['worker-a', 'box-1', '4242', '10', '3']);
    // The page asks again by itself (every 5 s): the next answer's count shows without a reload.
    await page.waitForFunction(`Number(document.querySelector('.o_queue_count[data-count="waiting"]')?.textContent) > ${firstWaiting}`, undefined, { timeout: 20_000 });
    expect(sidecar.authorizations.every((value) => value === `Bearer ${KEY}`)).toBe(true);

    sidecar.mode = 'regular';
    await page.locator('.o_queue_message[data-state="regular"]').waitFor({ timeout: 20_000 });
    expect(await text('.o_queue_message')).toContain('regular mode (EXECUTIONS_MODE=regular)');

    await sidecar.stop();
    await page.locator('.o_queue_message[data-state="down"]').waitFor({ timeout: 20_000 });
    expect(await text('.o_queue_message')).toMatch(new RegExp(`^The sidecar at ${sidecar.url} is unreachable`));
    await sidecar.start();
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_url', sidecar.url]);
  }, 90_000);

  it('the settings page shows the sidecar backlog', async () => {
    await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_ai_automator_settings`);
    const pending = page.locator('div[name="ai_automator_backlog_pending"]');
    await pending.waitFor({ timeout: 30_000 });
    expect(await text('div[name="ai_automator_backlog_state"]')).toBe('Delivering to Odoo.');
    expect((await pending.innerText()).replace(/\D/g, '')).toBe('1234');
    expect((await text('div[name="ai_automator_backlog_max"]')).replace(/\D/g, '')).toBe('10000');
    expect(await text('div[name="ai_automator_backlog_oldest"]')).toBe('7.50');
    expect(await text('div[name="ai_automator_backlog_dead_letters"]')).toBe('2');
    expect(await text('div[name="ai_automator_backlog_state"]')).toBe('Delivering to Odoo.');
  }, 60_000);

  it('the executions list shows custom data', async () => {
    const stamp = `pages-${Date.now().toString(36)}`;
    const { canvasId } = await canvases.create(manualToSetWorkflow(`${stamp}-wf`));
    const client = sidecarClient();
    await client.createMany('executions', [
      { execution_id: `${stamp}-exec`, canvas_id: canvasId, mode: 'manual', status: 'success', finished: true, started_at: '2026-01-02 10:00:00', custom_data: JSON.stringify({ customer: `Ann ${stamp}` }) },
    ]);
    await client.close();
    await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_executions`);
    const cell = page.locator('.o_list_view td[name="custom_data"]', { hasText: `Ann ${stamp}` });
    await cell.waitFor({ timeout: 30_000 });
    expect(await cell.innerText()).toContain(`"customer":"Ann ${stamp}"`);
    expect(await page.locator('.o_list_view th[data-name="custom_data"]').count()).toBe(1);
  }, 60_000);
});
