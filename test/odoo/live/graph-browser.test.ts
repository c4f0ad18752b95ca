import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import type { JsonValue } from '../../../src/workflow/json';
import { graphWorkflow, gridWorkflow, slowWorkflow } from './helpers/graph-workflows';
import { LIVE_API_KEY, LiveCanvases, adminClient, bootOdooService, liveOdooConfigured, makeDataDir, startSlowServer } from './helpers/live-service';

/*
 * The workflow graph of the addon in a real browser (Debian's Chromium, headless), against the
 * live Odoo of the environment, logged in as its administrator (ODOO_ADMIN_USER/PASSWORD), with
 * a real sidecar listening on loopback that Odoo's buttons call: for the time of the suite the
 * Odoo settings ai_automator.sidecar_url / sidecar_api_key point at it (restored afterwards).
 * GRAPH_SCREENSHOTS=DIR keeps screenshots of what the user sees.
 */
const env = process.env;
const CHROMIUM = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ready = liveOdooConfigured && Boolean(env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD) && fs.existsSync(CHROMIUM);
if (!ready) process.stderr.write('graph-browser.test.ts: SKIPPED, needs ODOO_URL/DB/USER/PASSWORD, ODOO_ADMIN_USER/PASSWORD and Chromium\n');
const live = ready ? describe : describe.skip;
// A real browser against a shared, busy Odoo: generous per-test limits.
jest.setTimeout(90_000);

/* What the page-side callbacks touch (the project compiles without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  value: string;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  click(): void;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const window: Record<string, unknown>;
declare function requestAnimationFrame(callback: () => void): void;

const SETTINGS = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];
const TRIGGER_DATA = [1, 2, 3, 4, 5, 6].map((n) => ({ n }));

async function getParam(client: OdooClient, key: string): Promise<string | false> {
  return (await client.call('ir.config_parameter', 'get_param', [key])) as string | false;
}

async function setParam(client: OdooClient, key: string, value: string | false): Promise<void> {
  await client.call('ir.config_parameter', 'set_param', [key, value as JsonValue]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!env.GRAPH_SCREENSHOTS) return;
  fs.mkdirSync(env.GRAPH_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(env.GRAPH_SCREENSHOTS, `${name}.png`) });
}

live('the workflow graph in Odoo (headless Chromium)', () => {
  const stamp = `graph-${Date.now().toString(36)}`;
  const workflow = graphWorkflow(`${stamp}-main`);
  let admin: OdooClient;
  let canvases: LiveCanvases;
  let built: BuiltService;
  let server: http.Server;
  let slow: Awaited<ReturnType<typeof startSlowServer>>;
  let saved: Array<string | false>;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let canvasId: number;

  beforeAll(async () => {
    dataDir = makeDataDir();
    built = await bootOdooService(dataDir, { start: false });
    server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sidecarUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    slow = await startSlowServer(2500);
    admin = adminClient();
    saved = await Promise.all(SETTINGS.map((key) => getParam(admin, key)));
    await setParam(admin, SETTINGS[0], sidecarUrl);
    await setParam(admin, SETTINGS[1], LIVE_API_KEY);
    canvases = new LiveCanvases();
    canvasId = (await canvases.create(workflow)).canvasId;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(60_000);
    // A client error shows as a dialog the assertions would only time out on: say it.
    page.on('pageerror', (error) => process.stderr.write(`graph-browser page error: ${error.stack ?? error.message}\n`));
    await page.goto(`${env.ODOO_URL}/web/login?db=${env.ODOO_DB}`);
    await page.fill('input[name=login]', env.ODOO_ADMIN_USER as string);
    await page.fill('input[name=password]', env.ODOO_ADMIN_PASSWORD as string);
    await Promise.all([page.waitForURL(/\/odoo/, { waitUntil: 'commit' }), page.click('button[type=submit]')]);
    // The first page after an install builds the asset bundles: minutes on a busy machine.
    await page.waitForSelector('.o_main_navbar', { timeout: 180_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (saved) for (const [index, key] of SETTINGS.entries()) await setParam(admin, key, saved[index]);
    await canvases?.cleanup();
    await admin?.close();
    await new Promise((resolve) => server?.close(resolve));
    await built?.shutdown(0);
    await slow?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function openCanvas(id: number): Promise<void> {
    await page.goto(`${env.ODOO_URL}/odoo/action-the_ai_automator.action_canvas/${id}`);
    await page.waitForSelector('.o_ai_graph_node');
  }

  const nodeSelector = (name: string) => `.o_ai_graph_node[data-node="${name}"]`;

  it('draws the canvas: every node at its position with its badge and name, every connection with its port labels', async () => {
    await openCanvas(canvasId);
    await screenshot(page, 'canvas-graph');
    const nodes = await page.$$eval('.o_ai_graph_node', (elements) =>
      (elements as unknown as PageElement[]).map((element) => ({
        name: element.getAttribute('data-node'),
        transform: element.getAttribute('transform'),
        letters: element.querySelector('.o_ai_graph_letters')?.textContent,
        label: element.querySelector('.o_ai_graph_name')?.textContent,
        disabled: element.classList.contains('o_ai_graph_disabled'),
        ports: Array.from(element.querySelectorAll('.o_ai_graph_port_label'), (port) => port.textContent),
      })),
    );
    expect(nodes).toHaveLength(12);
    const byName = new Map(nodes.map((node) => [node.name, node]));
    for (const node of workflow.nodes) {
      const [x, y] = node.position as [number, number];
      expect(byName.get(node.name)).toMatchObject({ label: node.name, transform: `translate(${x},${y})`, disabled: node.name === 'Done' });
    }
    expect(byName.get('Check')).toMatchObject({ letters: 'IF', ports: ['true', 'false'] });
    expect(byName.get('Route')).toMatchObject({ letters: 'SW', ports: ['even', 'odd'] });
    expect(byName.get('Validate')).toMatchObject({ letters: '{}', ports: ['error'] });
    expect(byName.get('Loop')).toMatchObject({ letters: 'LP', ports: ['done', 'loop'] });
    expect(byName.get('Merge')).toMatchObject({ letters: 'MG', ports: ['Input 1', 'Input 2'] });

    const edges = await page.$$eval('.o_ai_graph_edge', (elements) =>
      (elements as unknown as PageElement[]).map((element) => [element.getAttribute('data-edge'), element.classList.contains('o_ai_graph_edge_error'), element.querySelector('path')?.getAttribute('d')]),
    );
    expect(edges.map(([key, error]) => [key, error])).toEqual([
      ['Start:0->Validate:0', false],
      ['Validate:0->Check:0', false],
      ['Validate:1->Log Error:0', true],
      ['Check:0->Route:0', false],
      ['Check:1->Small:0', false],
      ['Route:0->Even:0', false],
      ['Route:1->Odd:0', false],
      ['Even:0->Merge:0', false],
      ['Odd:0->Merge:1', false],
      ['Merge:0->Loop:0', false],
      ['Loop:0->Done:0', false],
      ['Loop:1->Process:0', false],
      ['Process:0->Loop:0', false],
    ]);
    // From Check's "false" port (right side, 2/3 down) to Small's input (left side, half way).
    const checkToSmall = edges.find(([key]) => key === 'Check:1->Small:0')?.[2] as string;
    expect(checkToSmall.startsWith(`M540,${300 + 200 / 3} `)).toBe(true);
    expect(checkToSmall.endsWith(' 660,470')).toBe(true);
    // Nothing ran on a canvas: no item counts.
    expect(await page.$$('.o_ai_graph_edge_label')).toHaveLength(0);
  });

  it('zooms, pans and fits to screen', async () => {
    await openCanvas(canvasId);
    const viewBox = () => page.$eval('.o_ai_graph_svg', (svg) => (svg as unknown as PageElement).getAttribute('viewBox') as string);
    const fitted = await viewBox();
    await page.click('.o_ai_graph_zoom_in');
    const zoomedIn = await viewBox();
    expect(Number(zoomedIn.split(' ')[2])).toBeCloseTo(Number(fitted.split(' ')[2]) / 1.25, 3);
    const box = (await page.$('.o_ai_graph_svg'))!.boundingBox();
    const { x, y } = (await box)!;
    await page.mouse.move(x + 5, y + 300);
    await page.mouse.down();
    await page.mouse.move(x + 105, y + 350, { steps: 4 });
    await page.mouse.up();
    expect(await viewBox()).not.toBe(zoomedIn);
    await page.click('.o_ai_graph_fit');
    expect(await viewBox()).toBe(fitted);
  });

  it('opens the record of the node clicked on', async () => {
    await openCanvas(canvasId);
    await page.click(nodeSelector('Route'));
    const [routeId] = await admin.search('nodes', [['canvas_id', '=', canvasId], ['name', '=', 'Route']]);
    await page.waitForURL(new RegExp(`/m-nodes/${routeId}$`));
    await page.waitForSelector('.o_form_view .o_field_widget[name=type]');
    expect(await page.inputValue('.o_form_view .o_field_widget[name=type] input')).toBe('n8n-nodes-base.switch');
  });

  it('executes with data, opens the run on its graph, colours it, counts items and shows a node\'s items', async () => {
    await openCanvas(canvasId);
    await page.click('button[name=action_open_execute_with_data]');
    const textarea = await page.waitForSelector('.modal .o_field_widget[name=trigger_json] textarea');
    await textarea.fill(JSON.stringify(TRIGGER_DATA));
    await page.click('.modal button[name=action_execute]');
    await page.waitForSelector('.o_ai_execution_graph[data-status=success]', { timeout: 60_000 });
    await page.waitForSelector('.o_ai_graph_node[data-status=success]');
    await screenshot(page, 'execution-graph');

    const statuses = Object.fromEntries(
      await page.$$eval('.o_ai_graph_node', (elements) => (elements as unknown as PageElement[]).map((element) => [element.getAttribute('data-node'), element.getAttribute('data-status')])),
    );
    // Validate put out an error item: red, as the Node Runs list marks such runs.
    expect(statuses).toEqual({
      Start: 'success',
      Validate: 'error',
      'Log Error': 'success',
      Check: 'success',
      Small: 'success',
      Route: 'success',
      Even: 'success',
      Odd: 'success',
      Merge: 'success',
      Loop: 'success',
      Process: 'success',
      Done: 'success',
    });
    const counts = Object.fromEntries(
      await page.$$eval('.o_ai_graph_edge', (elements) =>
        (elements as unknown as PageElement[]).map((element) => [element.getAttribute('data-edge'), element.querySelector('.o_ai_graph_edge_label')?.textContent ?? '']),
      ),
    );
    expect(counts).toEqual({
      'Start:0->Validate:0': '6 items',
      'Validate:0->Check:0': '5 items',
      'Validate:1->Log Error:0': '1 item',
      'Check:0->Route:0': '3 items',
      'Check:1->Small:0': '2 items',
      'Route:0->Even:0': '2 items',
      'Route:1->Odd:0': '1 item',
      'Even:0->Merge:0': '2 items',
      'Odd:0->Merge:1': '1 item',
      'Merge:0->Loop:0': '3 items',
      'Loop:0->Done:0': '3 items (3 runs)',
      'Loop:1->Process:0': '3 items (3 runs)',
      'Process:0->Loop:0': '3 items (2 runs)',
    });
    expect(await page.$eval(`${nodeSelector('Loop')} .o_ai_graph_runs text`, (text) => (text as unknown as PageElement).textContent)).toBe('3 runs');
    expect(await page.$eval(`${nodeSelector('Process')} .o_ai_graph_runs text`, (text) => (text as unknown as PageElement).textContent)).toBe('2 runs');

    // Even's output, as a table, then as JSON.
    await page.click(nodeSelector('Even'));
    await page.waitForSelector('.o_ai_node_runs[data-node="Even"] .o_ai_items_table');
    const table = await page.$eval('.o_ai_node_runs .o_ai_items_table', (element) => ({
      head: Array.from((element as unknown as PageElement).querySelectorAll('thead th'), (cell) => cell.textContent),
      rows: Array.from((element as unknown as PageElement).querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent)),
    }));
    expect(table).toEqual({
      head: ['#', 'n', 'valid', 'parity'],
      rows: [
        ['0', '4', 'true', 'even'],
        ['1', '6', 'true', 'even'],
      ],
    });
    await page.click('.o_ai_node_runs .o_ai_side_input');
    expect(await page.$$eval('.o_ai_node_runs .o_ai_items_table tbody tr', (rows) => (rows as unknown as PageElement[]).map((row) => row.textContent))).toEqual(['04true', '16true']);
    await page.click('.o_ai_node_runs .o_ai_format_json');
    const json = JSON.parse((await page.$eval('.o_ai_node_runs .o_ai_items_json', (pre) => (pre as unknown as PageElement).textContent)) as string);
    expect(json).toEqual([
      { n: 4, valid: true },
      { n: 6, valid: true },
    ]);
    await screenshot(page, 'execution-node-items');

    // Validate's error output holds the failed item and its message.
    await page.click(nodeSelector('Validate'));
    await page.waitForSelector('.o_ai_node_runs[data-node="Validate"] .o_ai_output_select');
    await page.selectOption('.o_ai_node_runs .o_ai_output_select', '1');
    await page.click('.o_ai_node_runs .o_ai_format_json');
    const errorItems = JSON.parse((await page.$eval('.o_ai_node_runs .o_ai_items_json', (pre) => (pre as unknown as PageElement).textContent)) as string);
    expect(errorItems).toEqual([{ n: 5, error: expect.stringContaining('five is not allowed') }]);

    // Loop ran three times: one tab per run, each with its own items.
    await page.click(nodeSelector('Loop'));
    await page.waitForSelector('.o_ai_node_runs[data-node="Loop"] .o_ai_node_runs_runs');
    expect(await page.$$eval('.o_ai_node_runs_runs button', (buttons) => (buttons as unknown as PageElement[]).map((button) => button.textContent))).toEqual(['Run 1', 'Run 2', 'Run 3']);
    await page.click('.o_ai_node_runs_runs button:nth-child(3)');
    await page.click('.o_ai_node_runs .o_ai_format_table');
    expect(await page.$eval('.o_ai_node_runs .o_ai_item_count', (span) => (span as unknown as PageElement).textContent)).toBe('3 items');
  });

  it('takes the trigger data of an earlier execution', async () => {
    await openCanvas(canvasId);
    await page.click('button[name=action_open_execute_with_data]');
    await page.waitForSelector('.modal .o_field_widget[name=source_execution_id] input');
    await page.click('.modal .o_field_widget[name=source_execution_id] input');
    await page.click('.modal .o_field_widget[name=source_execution_id] .dropdown-item');
    await page.waitForFunction(() => document.querySelector('.modal .o_field_widget[name=trigger_json] textarea')?.value.includes('"n": 6'));
    const text = await page.$eval('.modal .o_field_widget[name=trigger_json] textarea', (area) => (area as unknown as PageElement).value);
    expect(JSON.parse(text)).toEqual(TRIGGER_DATA);
    await page.click('.modal button[name=action_execute]');
    await page.waitForSelector('.o_ai_execution_graph[data-status=success]', { timeout: 60_000 });
    expect(await page.$eval('.o_ai_graph_edge[data-edge="Start:0->Validate:0"] .o_ai_graph_edge_label', (text) => (text as unknown as PageElement).textContent)).toBe('6 items');
  });

  it('updates the graph of a running execution as its nodes finish, without reloading the page', async () => {
    const slowCanvas = (await canvases.create(slowWorkflow(`${stamp}-slow`, slow.url))).canvasId;
    await openCanvas(slowCanvas);
    await page.click('button[name=action_open_execute_with_data]');
    const textarea = await page.waitForSelector('.modal .o_field_widget[name=trigger_json] textarea');
    await textarea.fill('{"id": 1}');
    await page.click('.modal button[name=action_execute]');
    await page.waitForSelector(`${nodeSelector('Fetch')}[data-status=running]`, { timeout: 30_000 });
    await screenshot(page, 'execution-running');
    expect(await page.$eval(nodeSelector('After'), (node) => (node as unknown as PageElement).getAttribute('data-status'))).toBe('notRun');
    await page.evaluate(() => (window.graphMarker = 42));
    await page.waitForSelector('.o_ai_execution_graph[data-status=success]', { timeout: 30_000 });
    expect(await page.$eval(nodeSelector('After'), (node) => (node as unknown as PageElement).getAttribute('data-status'))).toBe('success');
    expect(await page.evaluate(() => window.graphMarker)).toBe(42);
  });

  it('renders a 200-node workflow in well under a second', async () => {
    const big = (await canvases.create(gridWorkflow(`${stamp}-big`, 200))).canvasId;
    await openCanvas(big);
    // From a click on the Graph tab (from the light Description tab) to 200 nodes in the SVG:
    // one RPC, the layout, OWL's render and the browser's layout of the SVG. Three times: the
    // machine is shared, a single sample says little.
    const samples: Array<{ total: number; afterRpc: number }> = [];
    for (let sample = 0; sample < 3; sample++) {
      await page.click('.o_notebook_headers a[name=description]');
      await page.waitForSelector('.o_ai_graph', { state: 'detached' });
      samples.push(
        await page.evaluate(async () => {
          const started = performance.now();
          document.querySelector('.o_notebook_headers a[name=graph]')?.click();
          await new Promise<void>((resolve) => {
            const check = () => (document.querySelectorAll('.o_ai_graph_node').length >= 200 ? resolve() : requestAnimationFrame(check));
            check();
          });
          const done = performance.now();
          const rpc = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/canvas/graph_data')).pop() as unknown as { responseEnd: number };
          return { total: done - started, afterRpc: done - rpc.responseEnd };
        }),
      );
    }
    const totals = samples.map((sample) => Math.round(sample.total));
    const afterRpc = samples.map((sample) => Math.round(sample.afterRpc));
    process.stderr.write(`graph of 200 nodes: ${totals.join(', ')} ms from the click (${afterRpc.join(', ')} ms after the RPC answered)\n`);
    expect(await page.$$('.o_ai_graph_node')).toHaveLength(200);
    expect(await page.$$('.o_ai_graph_edge')).toHaveLength(199 + 40);
    await screenshot(page, 'canvas-200-nodes');
    // The goal is 500 ms; the assertion leaves room for a loaded machine (README has the figures).
    expect(Math.min(...totals)).toBeLessThan(3000);
  });
});
