import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOdooClient, type OdooClient } from '../../../src/odoo/client';
import { OdooExecutionStore } from '../../../src/store/odoo/execution-store';
import { OdooWorkflowStore } from '../../../src/store/odoo/workflow-store';
import { OdooWorkflowTransfer } from '../../../src/store/odoo/workflow-transfer';
import { odooNode } from '../../../src/nodes/odoo';
import { createOdooGateway } from '../../../src/odoo';
import { fakeContext } from '../../helpers/node-context';
import { executionRecord, manualToSetWorkflow } from '../helpers/records';
import { sidecarClient } from './helpers/live-service';

/*
 * Against a running Odoo with the_ai_automator installed; installs nothing. Runs only when
 * ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD are set. The outage part also needs
 * ODOO_STOP_CMD and ODOO_RESTART_CMD (it stops Odoo, then brings it back).
 */
const env = process.env;
const live = env.ODOO_URL && env.ODOO_DB && env.ODOO_USER && env.ODOO_PASSWORD ? describe : describe.skip;
const withOutage = env.ODOO_STOP_CMD && env.ODOO_RESTART_CMD ? it : it.skip;


async function waitForOdoo(client: OdooClient, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await client.searchCount('canvas', [['id', '=', -1]]);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

live('live Odoo 18 with the addon', () => {
  const stamp = `live-${Date.now().toString(36)}`;
  const workflow = manualToSetWorkflow(`${stamp}-wf`);
  let client: OdooClient;
  let canvasId: number;
  let dataDir: string;

  beforeAll(async () => {
    client = sidecarClient();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-live-'));
    canvasId = (await new OdooWorkflowTransfer(client).importWorkflow(workflow)).canvasId;
  });

  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    // The sidecar's user may not delete canvases; an admin login, when given, cleans up.
    if (!env.ODOO_ADMIN_USER || !env.ODOO_ADMIN_PASSWORD || canvasId === undefined) return;
    const admin = createOdooClient({
      url: env.ODOO_URL as string,
      db: env.ODOO_DB as string,
      user: env.ODOO_ADMIN_USER,
      password: env.ODOO_ADMIN_PASSWORD,
    });
    await admin.unlink('canvas', [canvasId]);
  });

  it('reads the canvas (Manual Trigger -> Set) back through the workflow store', async () => {
    const store = new OdooWorkflowStore({ client });
    const stored = await store.get(String(canvasId));
    expect(stored?.workflowId).toBe(`${stamp}-wf`);
    expect(stored?.json.nodes.map((node) => [node.name, node.type, node.parameters])).toEqual([
      ['Manual Trigger', 'manual', {}],
      ['Set Node', 'set', { values: { test: 'value' } }],
    ]);
    expect(stored?.json.connections).toEqual(workflow.connections);
    expect(await store.get(`${stamp}-wf`)).toBe(stored);
  });

  it('saves an execution with one log per node and reads the statuses back', async () => {
    const workflows = new OdooWorkflowStore({ client });
    const store = new OdooExecutionStore({ client, dataDir, nodeRefs: (id) => workflows.nodeRefs(id) });
    const id = `${stamp}-exec`;
    await store.save(executionRecord(id, String(canvasId), workflow, 'running'));
    await store.save(executionRecord(id, String(canvasId), workflow, 'success'));
    expect(await store.flush()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
    const back = await store.get(id);
    expect(back?.status).toBe('success');
    expect(back?.finished).toBe(true);
    expect(back?.logs.map((log) => [log.nodeName, log.status, log.sequence])).toEqual([
      ['Manual Trigger', 'success', 0],
      ['Set Node', 'success', 1],
    ]);
    const nodeIds = await workflows.nodeRefs(String(canvasId));
    expect(back?.logs.map((log) => log.nodeId)).toEqual([
      String(nodeIds.get('Manual Trigger')?.odooId),
      String(nodeIds.get('Set Node')?.odooId),
    ]);
    expect((await store.list({ canvasId: String(canvasId), limit: 5, offset: 0 })).total).toBe(1);
    await store.close();
  });

  it('reads and writes records through the Odoo node', async () => {
    const ctx = fakeContext({
      type: 'n8n-nodes-base.odoo',
      parameters: {
        resource: 'custom',
        customResource: 'canvas',
        operation: 'getAll',
        filterRequest: { filter: [{ fieldName: 'workflow_id', operator: 'equal', value: `${stamp}-wf` }] },
        options: { fieldsList: ['name', 'workflow_id'] },
      },
      services: { odoo: createOdooGateway(client) },
    });
    await expect(odooNode.execute(ctx)).resolves.toEqual([
      [{ json: { id: canvasId, name: workflow.name, workflow_id: `${stamp}-wf` }, pairedItem: { item: 0 } }],
    ]);
  });

  withOutage(
    'keeps executions while Odoo is stopped mid-run and delivers them once after it is back',
    async () => {
      const id = `${stamp}-outage`;
      const fresh = `${stamp}-outage-new`;
      const outboxDir = path.join(dataDir, 'outage');
      const first = new OdooExecutionStore({ client: sidecarClient(), dataDir: outboxDir, retryInitialMs: 60_000 });
      await first.save(executionRecord(id, String(canvasId), workflow, 'running'));
      expect((await first.flush()).pending).toBe(0);

      execSync(env.ODOO_STOP_CMD as string, { stdio: 'ignore' });
      try {
        await first.save(executionRecord(id, String(canvasId), workflow, 'success'));
        await first.save(executionRecord(fresh, String(canvasId), workflow, 'success'));
        const down = await first.flush();
        expect(down.pending).toBe(2);
        expect(down.odooReachable).toBe(false);
        expect((await first.get(id))?.status).toBe('success');
        await first.close();
      } finally {
        execSync(env.ODOO_RESTART_CMD as string, { stdio: 'ignore' });
      }
      const restarted = sidecarClient();
      await waitForOdoo(restarted, 120);
      const second = new OdooExecutionStore({ client: restarted, dataDir: outboxDir });
      expect(await second.flush()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
      await second.close();
      const rows = await restarted.searchRead('executions', [['execution_id', 'in', [id, fresh]]], {
        fields: ['execution_id', 'status'],
        order: 'execution_id',
      });
      expect(rows.map((row) => [row.execution_id, row.status])).toEqual([
        [id, 'success'],
        [fresh, 'success'],
      ]);
    },
    240_000,
  );
});
