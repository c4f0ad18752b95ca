import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { OdooClient } from '../../../src/odoo/client';
import { createOdooGateway } from '../../../src/odoo';
import { OdooChatMemoryStore, OdooExecutionStore, OdooWorkflowStore } from '../../../src/store/odoo';
import type { JsonObject } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import { createAiAgentService, type AiAgentService } from '../../helpers/ai-agent-service';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/openai-server';
import { LiveCanvases, adminClient, eventually, liveOdooConfigured, makeDataDir, odooExecution, sidecarClient } from './helpers/live-service';

/*
 * The README's Odoo demo, live: an agent asked "How many customers are in Belgium?" calls the
 * Odoo tool (the scripted model asks for a count on res.partner with a country domain), the
 * count comes from the live Odoo through the sidecar's own session, and the execution's node
 * runs in Odoo show the tool call. Runs only with ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD.
 */
const live = liveOdooConfigured ? describe : describe.skip;

const CRED = { openAiApi: { id: 'demo-openai', name: 'Scripted model' } };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function belgiumAgentWorkflow(id: string): WorkflowJson {
  return {
    id,
    name: id,
    settings: { executionOrder: 'v1' },
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, position: [220, 0], parameters: { promptType: 'define', text: 'How many customers are in Belgium?', options: {} } },
      { name: 'OpenAI Chat Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [120, 220], parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: {} }, credentials: CRED },
      {
        name: 'Count customers',
        type: 'n8n-nodes-base.odooTool',
        typeVersion: 1,
        position: [320, 220],
        parameters: {
          descriptionType: 'manual',
          toolDescription: 'Counts the customers (contacts, res.partner) of one country',
          resource: 'custom',
          customResource: 'res.partner',
          operation: 'count',
          filterRequest: {
            filter: [
              { fieldName: 'country_id.code', operator: 'equal', value: "={{ $fromAI('country_code', 'ISO 3166-1 alpha-2 code of the country, e.g. BE', 'string') }}" },
            ],
          },
        },
      },
    ],
    connections: {
      Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
      'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
      'Count customers': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
    },
  } as WorkflowJson;
}

/** The Odoo id of the execution the first test wrote, for the browser check. */
let belgiumExecution: number | undefined;

live('AI Agent with the Odoo tool against the live Odoo', () => {
  let canvases: LiveCanvases;
  let odoo: OdooClient;
  let admin: OdooClient;
  let server: OpenAiServer;
  let service: AiAgentService;
  let dataDir: string;
  const partners: number[] = [];

  beforeAll(async () => {
    canvases = new LiveCanvases();
    odoo = sidecarClient();
    admin = adminClient();
    dataDir = makeDataDir();
    const [belgium] = await admin.search('res.country', [['code', '=', 'BE']], { limit: 1 });
    for (const name of ['Brussels Waffles SA', 'Gent Bikes BV']) partners.push(await admin.create('res.partner', { name, country_id: belgium as number }));
  });
  afterAll(async () => {
    await service?.close();
    await server?.close();
    if (partners.length > 0) await admin.unlink('res.partner', partners);
    await canvases.cleanup();
    await admin.close();
    await odoo.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the Belgian customers through the tool and shows the tool call in the node runs', async () => {
    const expectedCount = await odoo.searchCount('res.partner', [['country_id.code', '=', 'BE']]);
    expect(expectedCount).toBeGreaterThanOrEqual(2);
    server = await startOpenAiServer({
      queue: [
        { kind: 'toolCalls', calls: [{ id: 'call_be', name: 'Count_customers', arguments: { country_code: 'BE' } }], usage: { prompt: 40, completion: 6 } },
        { kind: 'text', content: `There are ${expectedCount} customers in Belgium.`, usage: { prompt: 60, completion: 9 } },
      ],
    });
    const workflow = belgiumAgentWorkflow(`live-agent-belgium-${Date.now().toString(36)}`);
    const { canvasId } = await canvases.create(workflow);
    // The canvas lives in Odoo; the run reads the workflow (with its credential reference, which
    // Odoo's node records do not keep yet) from memory under the canvas's id.
    const workflowStore = new OdooWorkflowStore({ client: odoo });
    const executions = new OdooExecutionStore({ client: odoo, dataDir, nodeRefs: (id) => workflowStore.nodeRefs(id) });
    service = createAiAgentService({
      workflows: [{ ...workflow, id: String(canvasId) }],
      executions,
      credentials: { openAiApi: { apiKey: 'sk-test', url: server.baseUrl } },
      services: { odoo: createOdooGateway(odoo), chatMemory: new OdooChatMemoryStore(odoo) },
    });

    const run = await service.run(String(canvasId));
    expect(run.data.resultData.error?.message).toBeUndefined();
    expect(run.status).toBe('success');
    expect(run.data.resultData.runData['AI Agent']?.[0]?.data?.main?.[0]?.[0]?.json).toEqual({ output: `There are ${expectedCount} customers in Belgium.` });
    // The tool's result the model got is the live count.
    const toolMessage = (server.requests[1]?.body.messages as JsonObject[]).find((message) => message.role === 'tool');
    expect(toolMessage).toEqual({ role: 'tool', content: JSON.stringify([{ count: expectedCount }]), tool_call_id: 'call_be' });
    expect((server.requests[0]?.body.tools as JsonObject[])[0]).toEqual({
      type: 'function',
      function: {
        name: 'Count_customers',
        description: 'Counts the customers (contacts, res.partner) of one country',
        parameters: {
          type: 'object',
          properties: { country_code: { type: 'string', description: 'ISO 3166-1 alpha-2 code of the country, e.g. BE' } },
          required: ['country_code'],
          additionalProperties: false,
          $schema: 'http://json-schema.org/draft-07/schema#',
        },
        strict: false,
      },
    });

    // Odoo's node runs of the execution show the tool call with its input and output.
    const record = await eventually(async () => {
      const row = await odooExecution(odoo, run.executionId);
      return row?.status === 'success' ? row : undefined;
    }, 15_000, 'the execution in Odoo');
    const logs = await odoo.searchRead<{ node_name: string; status: string; input_data: string | false; output_data: string | false; total_tokens: number }>(
      'execution_logs',
      [['execution_id', '=', record.id]],
      { fields: ['node_name', 'status', 'input_data', 'output_data', 'total_tokens'], order: 'sequence, id' },
    );
    // Token usage: each model call on its node run, the sum on the execution.
    expect(logs.map((log) => log.total_tokens)).toEqual([0, 46, 0, 0, 69]);
    const [tokens] = await odoo.searchRead<{ prompt_tokens: number; completion_tokens: number; total_tokens: number }>('executions', [['id', '=', record.id]], { fields: ['prompt_tokens', 'completion_tokens', 'total_tokens'] });
    expect(tokens).toMatchObject({ prompt_tokens: 100, completion_tokens: 15, total_tokens: 115 });
    belgiumExecution = record.id;
    expect(logs.map((log) => log.node_name)).toEqual(['Start', 'OpenAI Chat Model', 'Count customers', 'AI Agent', 'OpenAI Chat Model']);
    const toolRun = logs.find((log) => log.node_name === 'Count customers');
    expect(toolRun?.status).toBe('success');
    expect(JSON.parse(String(toolRun?.input_data))).toEqual([{ json: { country_code: 'BE' } }]);
    expect(JSON.stringify(toolRun?.output_data)).toContain(`\\"count\\":${expectedCount}`);
    await executions.close();
  }, 60_000);

  // The token usage as a user sees it: the execution form's "AI Token Usage" group and the
  // node runs' Tokens column, in a real browser (headless Chromium), logged in as the admin.
  const browserCheck = fs.existsSync(CHROMIUM) && process.env.ODOO_ADMIN_USER && process.env.ODOO_ADMIN_PASSWORD ? it : it.skip;
  browserCheck('the execution form shows the token usage, and the node runs each model call\'s', async () => {
    expect(belgiumExecution).toBeDefined();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${process.env.ODOO_URL}/web/login?db=${process.env.ODOO_DB}`);
      await page.fill('input[name="login"]', process.env.ODOO_ADMIN_USER as string);
      await page.fill('input[name="password"]', process.env.ODOO_ADMIN_PASSWORD as string);
      await Promise.all([page.waitForURL(/\/odoo/), page.click('button[type="submit"]')]);
      await page.goto(`${process.env.ODOO_URL}/odoo/action-the_ai_automator.action_executions/${belgiumExecution}`);
      const total = page.locator('div[name="total_tokens"]').first();
      await total.waitFor({ timeout: 30_000 });
      expect(await page.locator('.o_group:has-text("AI Token Usage")').count()).toBeGreaterThan(0);
      expect((await total.innerText()).trim()).toBe('115');
      expect((await page.locator('div[name="prompt_tokens"]').first().innerText()).trim()).toBe('100');
      expect((await page.locator('div[name="completion_tokens"]').first().innerText()).trim()).toBe('15');
      await page.locator('.o_notebook .nav-link:has-text("Node Runs")').click();
      await page.locator('.o_field_x2many_list td[name="total_tokens"]').first().waitFor({ timeout: 30_000 });
      const cells = await page.locator('.o_field_x2many_list td[name="total_tokens"]').allInnerTexts();
      expect(cells.map((cell) => cell.trim())).toEqual(['0', '46', '0', '0', '69']);
    } finally {
      const [page] = browser.contexts()[0]?.pages() ?? [];
      // For a human look at what was checked (AI_TOKENS_SCREENSHOT=file.png).
      if (page && process.env.AI_TOKENS_SCREENSHOT) await page.screenshot({ path: process.env.AI_TOKENS_SCREENSHOT, fullPage: true });
      await browser.close();
    }
  }, 90_000);
});
