import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import type { JsonObject } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import { createOdooClient, type OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import { LIVE_API_KEY, LiveCanvases, api, bootOdooService, eventually, liveOdooConfigured, makeDataDir, odooExecution, sidecarClient } from './helpers/live-service';

/*
 * Files end to end against the live Odoo (ODOO_* and ODOO_ADMIN_* set): a run makes a file
 * (stored on the sidecar's disk past the inline limit) and attaches it to its canvas as an
 * ir.attachment; Odoo's node run lists it without base64; the admin downloads it through
 * Odoo's controller, which checks the user's rights and streams the bytes from the sidecar
 * (listening on a free loopback port, set as Odoo's sidecar URL for the test's length).
 */
const env = process.env;
const live = liveOdooConfigured && env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD ? describe : describe.skip;

const text = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n');

function filesWorkflow(workflowId: string): WorkflowJson {
  return {
    id: workflowId,
    name: `Files ${workflowId}`,
    nodes: [
      { id: `${workflowId}-t`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: `${workflowId}-f`, name: 'Make File', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, position: [200, 0], parameters: { operation: 'toText', sourceProperty: 's', options: { fileName: 'report.txt' } } },
      {
        id: `${workflowId}-o`,
        name: 'Attach',
        type: 'n8n-nodes-base.odoo',
        typeVersion: 1,
        position: [400, 0],
        parameters: { resource: 'attachment', operation: 'create', resModel: 'canvas', resId: "={{ $('Manual Trigger').item.json.canvasId }}" },
      },
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Make File', type: 'main', index: 0 }]] },
      'Make File': { main: [[{ node: 'Attach', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

async function odooWebSession(): Promise<string> {
  const response = await fetch(`${env.ODOO_URL}/web/session/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: env.ODOO_DB, login: env.ODOO_ADMIN_USER, password: env.ODOO_ADMIN_PASSWORD } }),
  });
  const cookie = response.headers.get('set-cookie') ?? '';
  const session = /session_id=([^;]+)/.exec(cookie)?.[1];
  if (!session) throw new Error('The admin could not log in to Odoo');
  return session;
}

live('files of node runs with the live Odoo', () => {
  const stamp = `files-${Date.now().toString(36)}`;
  const canvases = new LiveCanvases();
  const dataDir = makeDataDir();
  let built: BuiltService;
  let server: http.Server;
  let admin: OdooClient;
  let saved: JsonObject = {};

  beforeAll(async () => {
    built = await bootOdooService(dataDir, { start: false, env: { BINARY_INLINE_MAX_BYTES: '256' } });
    server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    admin = createOdooClient({ url: env.ODOO_URL as string, db: env.ODOO_DB as string, user: env.ODOO_ADMIN_USER as string, password: env.ODOO_ADMIN_PASSWORD as string, transport: 'session' });
    const params = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];
    for (const key of params) saved[key] = (await admin.call('ir.config_parameter', 'get_param', [key])) as string | false;
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_url', `http://127.0.0.1:${(server.address() as AddressInfo).port}`]);
    await admin.call('ir.config_parameter', 'set_param', ['ai_automator.sidecar_api_key', LIVE_API_KEY]);
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) await admin.call('ir.config_parameter', 'set_param', [key, value ?? false]);
    saved = {};
    await admin.close();
    await canvases.cleanup();
    await built.shutdown(5000);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('attaches the file to a record, lists it without base64, and lets a reader download it through Odoo', async () => {
    const { canvasId } = await canvases.create(filesWorkflow(`${stamp}-wf`));
    const answer = await api(built).post(`/canvas/${canvasId}/execute`, { triggerData: { canvasId, s: text } });
    expect(answer.body).toMatchObject({ success: true, status: 'success' });
    const executionId = answer.body.executionId as string;
    const odoo = sidecarClient();
    const row = await eventually(async () => {
      const found = await odooExecution(odoo, executionId);
      return found?.status === 'success' ? found : undefined;
    }, 30_000, 'the execution delivered to Odoo');
    const [log] = await odoo.searchRead<{ id: number; output_data: string }>('execution_logs', [['execution_id', '=', row?.id as number], ['node_name', '=', 'Make File']], { fields: ['output_data'] });
    const binary = (JSON.parse(log?.output_data as string) as Array<Array<{ binary: Record<string, JsonObject> }>>)[0]?.[0]?.binary.data;
    expect(binary).toMatchObject({ mimeType: 'text/plain', fileName: 'report.txt', fileExtension: 'txt', data: 'filesystem-v2', bytes: text.length });

    const [attachment] = await admin.searchRead<{ id: number; name: string; mimetype: string; datas: string }>('ir.attachment', [['res_model', '=', 'canvas'], ['res_id', '=', canvasId]], { fields: ['name', 'mimetype', 'datas'] });
    expect(attachment).toMatchObject({ name: 'report.txt', mimetype: 'text/plain' });
    expect(Buffer.from(attachment?.datas as string, 'base64').toString()).toBe(text);

    const session = await odooWebSession();
    const download = await fetch(`${env.ODOO_URL}/the_ai_automator/binary/${log?.id}?property=data`, { headers: { Cookie: `session_id=${session}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename=report.txt');
    expect(await download.text()).toBe(text);

    const missing = await fetch(`${env.ODOO_URL}/the_ai_automator/binary/${log?.id}?property=other`, { headers: { Cookie: `session_id=${session}` } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('has no binary property "other"');
    const anonymous = await fetch(`${env.ODOO_URL}/the_ai_automator/binary/${log?.id}?property=data`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    await odoo.close();
  });
});
