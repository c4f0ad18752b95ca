import fs from 'node:fs';
import http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../src/bench/bench-service';
import type { JsonObject } from '../../src/workflow/json';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, chain } from './helpers/workflows';

/** Debian's package; `.ci/run` installs it. Without it this suite says so and is skipped. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  process.stderr.write(`forms-browser.test.ts: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
}
const describeWithChromium = hasChromium ? describe : describe.skip;

const options = (...values: string[]) => ({ values: values.map((option) => ({ option })) });

const approval = chain('browser-approval', [
  ['Start', MANUAL],
  [
    'Review',
    'n8n-nodes-base.wait',
    {
      resume: 'form',
      formTitle: 'Review the order',
      formDescription: 'Order A-1, 3 items',
      formFields: {
        values: [
          { fieldLabel: 'Reviewer', requiredField: true },
          { fieldLabel: 'Email', fieldType: 'email', requiredField: true },
          { fieldLabel: 'Discount', fieldType: 'number' },
          { fieldLabel: 'Carrier', fieldType: 'dropdown', fieldOptions: options('Post', 'Courier') },
          { fieldLabel: 'Decision', fieldType: 'radio', fieldOptions: options('approve', 'reject'), requiredField: true },
          { fieldLabel: 'Checks', fieldType: 'checkbox', fieldOptions: options('stock', 'price', 'address') },
          { fieldLabel: 'Ship on', fieldType: 'date' },
          { fieldLabel: 'Note', fieldType: 'textarea' },
        ],
      },
    },
    { typeVersion: 1.1 },
  ],
  ['After', NOOP],
]);

let service: TestService;
let server: http.Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  service = await startTestService({ workflows: [approval], env: { PUBLIC_URL: base } });
  server = http.createServer(service.built.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
  await service.close();
  service.cleanup();
});

describeWithChromium('a form page in a real browser (headless Chromium)', () => {
  it('is filled by its labels and the keyboard, submitted, and resumes the waiting run with exactly those fields', async () => {
    const started = await service.http.post('/canvas/browser-approval/execute').set(AUTH).send({});
    expect(started.body.status).toBe('waiting');
    const id = started.body.executionId as string;
    const resumeUrl = (await service.http.get(`/executions/${id}`).set(AUTH)).body.data.resumeUrl as string;
    const formUrl = resumeUrl.replace('/webhook-waiting/', '/form-waiting/');

    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(formUrl);
    expect(await page.title()).toBe('Review the order');
    await page.getByRole('heading', { name: 'Review the order' }).waitFor();

    // The server checks what the browser sends: an empty submit comes back with messages.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('p.error').allTextContents()).toEqual(['This field is required', 'This field is required', 'This field is required']);

    await page.getByLabel('Reviewer').fill('Ann Lee');
    await page.getByLabel('Email').fill('ann@example.com');
    await page.getByLabel('Discount').fill('7.5');
    await page.getByLabel('Carrier').selectOption('Courier');
    await page.getByLabel('approve').check();
    await page.getByLabel('stock').check();
    await page.getByLabel('address').check();
    await page.getByLabel('Ship on').fill('2026-12-24');
    await page.getByLabel('Note').fill('Fragile');
    // Submitted from the keyboard: focus the button and press Enter.
    await page.getByRole('button', { name: 'Submit' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Form Submitted' }).waitFor();
    expect(await page.textContent('main')).toContain('Your response has been recorded');

    const execution = (await service.http.get(`/executions/${id}`).set(AUTH)).body.data as {
      status: string;
      data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } };
    };
    expect(execution.status).toBe('success');
    const { submittedAt, ...fields } = execution.data.resultData.runData.After[0].data.main[0][0].json;
    expect(fields).toEqual({
      Reviewer: 'Ann Lee',
      Email: 'ann@example.com',
      Discount: 7.5,
      Carrier: 'Courier',
      Decision: 'approve',
      Checks: ['stock', 'address'],
      'Ship on': '2026-12-24',
      Note: 'Fragile',
      formMode: 'test',
    });
    expect(typeof submittedAt).toBe('string');
    // Nothing was fetched from anywhere but the sidecar.
    expect(requests.every((url) => url.startsWith(base))).toBe(true);
  }, 60_000);
});
