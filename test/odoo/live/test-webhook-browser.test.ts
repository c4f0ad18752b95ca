import fs from 'node:fs';
import http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../../src/bench/bench-service';
import type { OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import type { JsonValue } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import { LIVE_API_KEY, LiveCanvases, adminClient, bootOdooService, eventually, liveOdooConfigured, makeDataDir, odooExecutions, sidecarClient } from './helpers/live-service';

/*
 * "Listen for test call" in a real browser against the live Odoo (ODOO_* and
 * ODOO_ADMIN_USER/ODOO_ADMIN_PASSWORD, the addon installed) with a sidecar in Odoo mode that
 * this test starts on a free port; Odoo's sidecar URL and key point at it for the test's
 * duration (restored after). Skipped, and says so, without them or without Chromium.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = process.env;
const ready = liveOdooConfigured && Boolean(env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD) && fs.existsSync(CHROMIUM);
if (!ready) process.stderr.write('test-webhook-browser.test.ts: SKIPPED, needs ODOO_URL/DB/USER/PASSWORD, ODOO_ADMIN_USER/PASSWORD and Chromium\n');
const live = ready ? describe : describe.skip;

const SETTINGS = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];

live('Listen for test call (Odoo 18 web client, headless Chromium)', () => {
  const stamp = `tw${Date.now().toString(36)}`;
  let built: BuiltService;
  let server: http.Server;
  let port: number;
  let browser: Browser;
  let admin: OdooClient;
  let odoo: OdooClient;
  let canvases: LiveCanvases;
  let dataDir: string;
  const previous: Record<string, JsonValue> = {};

  beforeAll(async () => {
    dataDir = makeDataDir();
    built = await bootOdooService(dataDir, { start: false });
    port = await freePort();
    server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    admin = adminClient();
    odoo = sidecarClient();
    for (const key of SETTINGS) previous[key] = await admin.call('ir.config_parameter', 'get_param', [key]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_url', `http://127.0.0.1:${port}`]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_api_key', LIVE_API_KEY]);
    canvases = new LiveCanvases();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const key of SETTINGS) await admin?.call('ir.config_parameter', 'set_param', [key, previous[key] === false ? '' : (previous[key] ?? '')]);
    await canvases?.cleanup();
    await new Promise((resolve) => server?.close(resolve));
    await built?.shutdown(0);
    await admin?.close();
    await odoo?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the test URL, and opens the manual execution its one call started', async () => {
    const workflow: WorkflowJson = {
      id: stamp,
      name: `Test call ${stamp}`,
      settings: { executionOrder: 'v1' },
      nodes: [
        { name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: stamp } },
        { name: 'Mark', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a', name: 'order', value: '={{ $json.body.order }}', type: 'string' }] }, options: {} } },
      ],
      connections: { Webhook: { main: [[{ node: 'Mark', type: 'main', index: 0 }]] } },
    };
    const { canvasId } = await canvases.create(workflow);

    const page = await browser.newPage();
    // The web client's assets are heavy on this shared machine: generous waits, never sleeps.
    page.setDefaultTimeout(90_000);
    await page.goto(`${env.ODOO_URL}/web/login?db=${env.ODOO_DB}`, { waitUntil: 'domcontentloaded' });
    await page.fill('input[name="login"]', env.ODOO_ADMIN_USER as string);
    await page.fill('input[name="password"]', env.ODOO_ADMIN_PASSWORD as string);
    await Promise.all([page.waitForURL(/\/odoo/, { waitUntil: 'commit' }), page.click('button[type="submit"]')]);
    await page.goto(`${env.ODOO_URL}/web#model=canvas&id=${canvasId}&view_type=form`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: 'Listen for test call' }).click();
    const urlCell = page.locator('.o_test_webhook_url');
    await urlCell.waitFor();
    const testUrl = (await urlCell.textContent())?.trim() ?? '';
    expect(testUrl).toBe(`http://sidecar.live.test/webhook-test/${stamp}`);
    expect(await page.locator('.o_test_listener_countdown').textContent()).toMatch(/^1[12]\d$/);

    // The one call, at the sidecar itself (its PUBLIC_URL is a name the test does not serve).
    const call = await fetch(`http://127.0.0.1:${port}${new URL(testUrl).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 'A-7' }) });
    expect([call.status, await call.json()]).toEqual([200, { message: 'Workflow was started' }]);

    // The open page turns into the execution's form, without a reload by the user.
    await page.waitForURL(/executions/, { waitUntil: 'commit' });
    const executionField = page.locator('.o_field_widget[name="execution_id"]');
    await executionField.waitFor();
    const shownId = (await executionField.textContent())?.trim() ?? '';
    const [row] = await eventually(async () => {
      const rows = await odooExecutions(odoo, [['execution_id', '=', shownId]]);
      return rows[0]?.status === 'success' ? rows : undefined;
    }, 20_000, 'the test execution saved as success');
    expect([row.mode, row.canvas_id && row.canvas_id[0]]).toEqual(['manual', canvasId]);
    const runData = JSON.parse(row.execution_data as string).resultData.runData;
    expect(runData.Mark[0].data.main[0][0].json.order).toBe('A-7');
    expect(runData.Webhook[0].data.main[0][0].json.executionMode).toBe('test');

    // The listening is spent: a second call gets n8n's 404.
    const again = await fetch(`http://127.0.0.1:${port}${new URL(testUrl).pathname}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(again.status).toBe(404);
    await page.close();
  }, 300_000);
});
