import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import type { WorkflowJson } from '../../../src/workflow/types';
import { startRecordingServer, type RecordingServer } from '../../helpers/recording-server';
import { adminClient, api, bootOdooService, eventually, LIVE_API_KEY, LiveCanvases, liveOdooConfigured, makeDataDir, odooExecution, sidecarClient } from './helpers/live-service';

/*
 * Credentials in Odoo mode against the live Odoo of the environment (skipped without ODOO_*):
 * the sidecar listens on a free loopback port so that Odoo's credentials form (driven in a
 * real headless Chromium, logged in as the admin) can save through it. Needs ODOO_ADMIN_USER
 * and ODOO_ADMIN_PASSWORD for the admin's view; the browser part also needs Chromium.
 */
const env = process.env;
const CHROMIUM = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const withAdmin = liveOdooConfigured && env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD ? describe : describe.skip;
const withBrowser = fs.existsSync(CHROMIUM) ? it : it.skip;

const stamp = Date.now().toString(36);
const PLANTED = `planted-${stamp}-Zq81xW`;
const REPLACED = `replaced-${stamp}-Kp27vN`;
const NAME = `Shop API ${stamp}`;

function workflowCalling(url: string, credentialName: string): WorkflowJson {
  return {
    id: `cred-live-${stamp}-${credentialName.length}`,
    name: `Credentials live ${stamp}`,
    nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 'b',
        name: 'Call Shop',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [200, 0],
        parameters: { url, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', options: {} },
        // n8n's export shape; the import matches it to the Odoo record by name.
        credentials: { httpHeaderAuth: { id: 'n8n-7', name: credentialName } },
      },
    ],
    connections: { Start: { main: [[{ node: 'Call Shop', type: 'main', index: 0 }]] } },
  };
}

withAdmin('credentials in Odoo mode (live Odoo 18)', () => {
  let built: BuiltService;
  let server: http.Server;
  let sidecarUrl: string;
  let admin: OdooClient;
  let shop: RecordingServer;
  const canvases = new LiveCanvases();
  const dataDir = makeDataDir();
  const previousParams: Record<string, string | false> = {};
  const answers: string[] = [];

  beforeAll(async () => {
    built = await bootOdooService(dataDir, { start: false, env: { CREDENTIALS_KEY: `live key ${stamp}` } });
    server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sidecarUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = adminClient();
    // Point Odoo's buttons at this sidecar for the duration of the file.
    for (const [key, value] of [['ai_automator.sidecar_url', sidecarUrl], ['ai_automator.sidecar_api_key', LIVE_API_KEY]]) {
      previousParams[key] = await admin.call<string | false>('ir.config_parameter', 'get_param', [key]);
      await admin.call('ir.config_parameter', 'set_param', [key, value]);
    }
    shop = await startRecordingServer(() => ({ body: { orders: 3 } }));
  }, 60_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(previousParams)) await admin.call('ir.config_parameter', 'set_param', [key, value === false ? '' : value]);
    const ids = (await built.credentials?.list())?.filter((summary) => summary.name.includes(stamp)).map((summary) => summary.id) ?? [];
    for (const id of ids) await built.credentials?.delete(id);
    await canvases.cleanup();
    await admin.close();
    await shop.close();
    await new Promise((resolve) => server.close(resolve));
    await built.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  withBrowser(
    'a manager creates a credential in the Odoo form (real browser), replaces its secret, and sees set/unset only',
    async () => {
      const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        // Odoo builds its asset bundles on first use: slow on a busy machine.
        page.setDefaultTimeout(90_000);
        await page.goto(`${env.ODOO_URL}/web/login?db=${env.ODOO_DB}`);
        await page.locator('input[name="login"]').fill(env.ODOO_ADMIN_USER as string);
        await page.locator('input[name="password"]').fill(env.ODOO_ADMIN_PASSWORD as string);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL(/\/odoo/, { waitUntil: 'commit' });
        await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_credentials`);
        await page.getByRole('button', { name: 'New Credential' }).click();
        await page.locator('.o_ai_automator_credential_editor').waitFor();
        await page.locator('#cred_name').fill(NAME);
        await page.locator('#cred_type').selectOption('httpHeaderAuth');
        await page.locator('#cred_field_name').fill('X-Api-Key');
        const secretInput = page.locator('#cred_field_value');
        expect(await secretInput.getAttribute('type')).toBe('password');
        await secretInput.fill(PLANTED);
        await page.locator('.o_credential_save').click();
        // Saved: Odoo shows the record the sidecar created, read-only, without any value.
        await page.locator('.o_form_view .o_field_widget[name="name"]').filter({ hasText: NAME }).waitFor();
        expect(await page.content()).not.toContain(PLANTED);

        await page.getByRole('button', { name: 'Edit Fields' }).click();
        const valueField = page.locator('.o_credential_field[data-field="value"]');
        await valueField.locator('.o_credential_state').filter({ hasText: 'set' }).waitFor();
        expect(await page.locator('.o_credential_field .o_credential_state').allTextContents()).toEqual(['set', 'set']);
        await valueField.locator('.o_credential_replace').click();
        await page.locator('#cred_field_value').fill(REPLACED);
        await page.locator('.o_credential_save').click();
        await page.locator('.o_form_view .o_field_widget[name="name"]').filter({ hasText: NAME }).waitFor();
        expect(await page.content()).not.toContain(REPLACED);
      } finally {
        await browser.close();
      }
      const listed = (await api(built).get('/credentials')).body.data as Array<{ id: string; name: string; type: string }>;
      const saved = listed.find((summary) => summary.name === NAME);
      expect(saved?.type).toBe('httpHeaderAuth');
      const resolved = await built.credentials?.resolve('httpHeaderAuth', { name: NAME });
      expect(resolved?.data).toEqual({ name: 'X-Api-Key', value: REPLACED });
    },
    300_000,
  );

  it('an HTTP Request node of an Odoo canvas sends the credential; a wrong key fails that node only, naming the credential', async () => {
    if ((await built.credentials?.list())?.some((summary) => summary.name === NAME) !== true) {
      // Without Chromium the form test did not run: create the credential through the routes.
      await api(built).post('/credentials', { name: NAME, type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: REPLACED } });
    }
    const { canvasId } = await canvases.create(workflowCalling(`${shop.url}/orders`, NAME));
    const executed = await api(built).post(`/canvas/${canvasId}/execute`);
    answers.push(executed.text);
    expect([executed.status, executed.body.status]).toEqual([200, 'success']);
    expect(shop.requests.map((request) => [request.url, request.headers['x-api-key']])).toEqual([['/orders', REPLACED]]);

    const otherDir = makeDataDir();
    const wrongKey = await bootOdooService(otherDir, { start: false, env: { CREDENTIALS_KEY: 'not the key' } });
    try {
      const failed = await api(wrongKey).post(`/canvas/${canvasId}/execute`);
      answers.push(failed.text);
      expect(failed.body.status).toBe('error');
      const row = await eventually(() => odooExecution(sidecarClient(), failed.body.executionId as string), 30_000, 'the failed execution in Odoo');
      const data = JSON.parse(row.execution_data as string) as { resultData: { error: { message: string }; lastNodeExecuted: string } };
      expect(data.resultData.lastNodeExecuted).toBe('Call Shop');
      expect(data.resultData.error.message).toBe(`Credentials "${NAME}" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with`);
      expect(shop.requests).toHaveLength(1);
    } finally {
      await wrongKey.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("an admin's read/search_read of credentials never returns a secret; reading the ciphertext is refused", async () => {
    const rows = await admin.searchRead('credentials', [['name', '=', NAME]]);
    expect(rows.map((row) => [row.name, row.type])).toEqual([[NAME, 'httpHeaderAuth']]);
    expect(rows[0]).not.toHaveProperty('ciphertext');
    await expect(admin.read('credentials', [rows[0]?.id as number], ['ciphertext'])).rejects.toThrow(/ciphertext/);
    await expect(admin.searchRead('credentials', [], { fields: ['name', 'ciphertext'] })).rejects.toThrow(/ciphertext/);
    await expect(admin.write('credentials', [rows[0]?.id as number], { name: 'hijacked' })).rejects.toThrow(/not allowed to modify/);
    // Every record the runs wrote, the nodes and the credentials as the admin sees them: no secret.
    const everything = JSON.stringify([
      rows,
      await admin.searchRead('executions', [['canvas_id.name', 'like', stamp]], { fields: ['execution_data', 'error_message', 'custom_data', 'workflow_snapshot'] }),
      await admin.searchRead('execution_logs', [['execution_id.canvas_id.name', 'like', stamp]]),
      await admin.searchRead('nodes', [['canvas_id.name', 'like', stamp]]),
      answers,
    ]);
    expect(everything).toContain(NAME);
    for (const secret of [PLANTED, REPLACED]) expect(everything).not.toContain(secret);
    // The sidecar's own view holds ciphertext only.
    const [stored] = await sidecarClient().searchRead<{ ciphertext: string }>('credentials', [['name', '=', NAME]], { fields: ['ciphertext'] });
    expect(stored?.ciphertext).toMatch(/^v1:[0-9a-f]{16}:/);
    for (const secret of [PLANTED, REPLACED]) expect(stored?.ciphertext).not.toContain(secret);
  }, 60_000);
});
