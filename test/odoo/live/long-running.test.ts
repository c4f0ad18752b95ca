import fs from 'node:fs';
import type { OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import type { RunExecutionData } from '../../../src/contracts/run-data';
import {
  LIVE_PUBLIC_URL,
  LiveCanvases,
  api,
  bootOdooService,
  eventually,
  liveOdooConfigured,
  makeDataDir,
  nodeOutput,
  odooExecution,
  odooExecutions,
  odooLogs,
  resumePath,
  sidecarClient,
  startSlowServer,
  type OdooExecutionRow,
} from './helpers/live-service';
import { approvalWorkflow, childWorkflow, parentWorkflow, timedWaitWorkflow } from './helpers/long-running-workflows';

/*
 * Wait/resume and sub-workflows through the whole service in Odoo mode, against a running
 * Odoo with the_ai_automator installed; installs nothing. Runs only when ODOO_URL, ODOO_DB,
 * ODOO_USER and ODOO_PASSWORD are set; canvases are created and deleted with ODOO_ADMIN_USER
 * and ODOO_ADMIN_PASSWORD when given.
 */
const live = liveOdooConfigured ? describe : describe.skip;

/** Polls Odoo until the execution's record is in `status`. */
function odooStatus(client: OdooClient, executionId: string, status: string, timeoutMs = 5000): Promise<OdooExecutionRow> {
  return eventually(
    async () => {
      const row = await odooExecution(client, executionId);
      return row?.status === status ? row : undefined;
    },
    timeoutMs,
    `execution ${executionId} ${status} in Odoo`,
  );
}

function runState(row: OdooExecutionRow): RunExecutionData {
  return JSON.parse(row.execution_data as string) as RunExecutionData;
}

live('long-running work against live Odoo 18', () => {
  const stamp = `live-long-${Date.now().toString(36)}`;
  let canvases: LiveCanvases;
  let odoo: OdooClient;
  const dataDirs: string[] = [];
  const services: BuiltService[] = [];

  async function service(dataDir: string, start: boolean): Promise<BuiltService> {
    const built = await bootOdooService(dataDir, { start });
    services.push(built);
    return built;
  }

  function dataDir(): string {
    const dir = makeDataDir();
    dataDirs.push(dir);
    return dir;
  }

  beforeAll(() => {
    canvases = new LiveCanvases();
    odoo = sidecarClient();
  });

  afterAll(async () => {
    for (const built of services) await built.shutdown(0);
    await canvases.cleanup();
    await odoo.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('parks at a webhook Wait, keeps the state in Odoo, refuses a tampered signature and resumes on the signed URL', async () => {
    const { canvasId } = await canvases.create(approvalWorkflow(`${stamp}-approval`));
    const built = await service(dataDir(), false);

    const executed = await api(built).post(`/canvas/${canvasId}/execute`);
    expect([executed.status, executed.body]).toEqual([200, { success: true, executionId: expect.any(String), status: 'waiting' }]);
    const id = executed.body.executionId as string;

    const parked = await odooStatus(odoo, id, 'waiting');
    // n8n's "wait indefinitely": the resume webhook has no time limit here.
    expect(parked).toMatchObject({ mode: 'manual', finished: false, canvas_id: [canvasId, expect.any(String)], wait_till: '3000-01-01 00:00:00' });
    expect(parked.resume_url).toMatch(new RegExp(`^${LIVE_PUBLIC_URL}/webhook-waiting/${id}\\?signature=[A-Za-z0-9_-]{43}$`));
    const state = runState(parked);
    expect(Object.keys(state.resultData.runData)).toEqual(['Manual Trigger', 'First Set', 'Wait']);
    expect(state.resultData.lastNodeExecuted).toBe('Wait');
    expect(state.waitTill).toBe('3000-01-01T00:00:00.000Z');
    expect(state.executionData.nodeExecutionStack.map((entry) => entry.node)).toEqual(['Wait']);
    expect(nodeOutput(parked.execution_data, 'First Set')).toEqual([{ x: 7, name: 'Ada' }]);
    expect(await odooLogs(odoo, parked.id)).toEqual([
      ['Manual Trigger', 0, 'success'],
      ['First Set', 0, 'success'],
      ['Wait', 0, 'waiting'],
    ]);

    const resumeUrl = parked.resume_url as string;
    const tampered = resumePath(resumeUrl).replace(/signature=(.)/, (_match, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`);
    const refused = await api(built).public.post(tampered).send({ approved: false });
    expect([refused.status, refused.body]).toEqual([
      403,
      { success: false, error: { code: 'forbidden', message: `The resume URL of execution "${id}" has a missing or invalid signature` } },
    ]);
    expect(await odooExecution(odoo, id)).toEqual(parked);

    const resumed = await api(built).public.post(resumePath(resumeUrl)).send({ approved: true, note: 'signed off' });
    expect([resumed.status, resumed.body]).toEqual([200, { message: 'Workflow was started' }]);

    const done = await odooStatus(odoo, id, 'success');
    expect(done).toMatchObject({ finished: true, resume_url: false, wait_till: false, last_node_executed: 'Final Set' });
    expect(await odooLogs(odoo, done.id)).toEqual([
      ['Manual Trigger', 0, 'success'],
      ['First Set', 0, 'success'],
      ['Wait', 0, 'success'],
      ['Final Set', 0, 'success'],
    ]);
    expect(nodeOutput(done.execution_data, 'Final Set')).toEqual([{ approved: true, note: 'signed off', x: 7, name: 'Ada' }]);
    expect(nodeOutput(done.execution_data, 'Wait')).toEqual([
      expect.objectContaining({ body: { approved: true, note: 'signed off' }, webhookUrl: `${LIVE_PUBLIC_URL}/webhook-waiting/${id}`, executionMode: 'test' }),
    ]);
  });

  it('finishes a timed wait in a new service on the same DATA_DIR after the first one went away', async () => {
    const { canvasId } = await canvases.create(timedWaitWorkflow(`${stamp}-timed`));
    const dir = dataDir();
    const first = await service(dir, true);

    const executed = await api(first).post(`/canvas/${canvasId}/execute`);
    expect([executed.status, executed.body]).toEqual([200, { success: true, executionId: expect.any(String), status: 'waiting' }]);
    const id = executed.body.executionId as string;
    const parked = await odooStatus(odoo, id, 'waiting');
    // Odoo keeps whole seconds, rounded up: the wait ends 2 to 3 seconds after the run started.
    const waitEnds = Date.parse(`${(parked.wait_till as string).replace(' ', 'T')}Z`);
    const waitStarted = runState(parked).resultData.runData.Wait[0].startTime;
    expect(waitEnds - waitStarted).toBeGreaterThanOrEqual(2000);
    expect(waitEnds - waitStarted).toBeLessThan(3500);

    // Gone without draining, as after a crash: nothing of it resumes the wait.
    await first.shutdown(0);
    const second = await service(dir, true);

    const done = await odooStatus(odoo, id, 'success', 15_000);
    expect(done).toMatchObject({ finished: true, mode: 'manual', wait_till: false, last_node_executed: 'Done' });
    expect(await odooLogs(odoo, done.id)).toEqual([
      ['Manual Trigger', 0, 'success'],
      ['First Set', 0, 'success'],
      ['Wait', 0, 'success'],
      ['Done', 0, 'success'],
    ]);
    expect(nodeOutput(done.execution_data, 'Done')).toEqual([{ step: 'before and after' }]);
    // One record, updated in place by the second service.
    expect((await odooExecutions(odoo, [['canvas_id', '=', canvasId]])).map((row) => row.execution_id)).toEqual([id]);
    expect((await api(second).get(`/executions/${id}`)).body.data).toMatchObject({ status: 'success', finished: true });
    // The new service is the one that ran the rest of it.
    expect((await api(second).get('/metrics')).text).toMatch(/^automator_executions_total\{status="success",mode="manual"\} 1$/m);
  });

  type CanvasRef = { canvasId: number; workflowId: string };
  describe.each([
    ['the child workflow_id', 'by-workflow-id', (child: CanvasRef) => child.workflowId],
    ['the child canvas id', 'by-canvas-id', (child: CanvasRef) => String(child.canvasId)],
  ])('Execute Workflow naming %s', (_label, key, childRef) => {
    it('runs the child in integrated mode, linked to the parent in Odoo, and outputs its items', async () => {
      const slow = await startSlowServer(300);
      const child = await canvases.create(childWorkflow(`${stamp}-child-${key}`));
      const parent = await canvases.create(parentWorkflow(`${stamp}-parent-${key}`, childRef(child), slow.url));
      const built = await service(dataDir(), false);

      let executed;
      try {
        executed = await api(built).post(`/canvas/${parent.canvasId}/execute`);
      } finally {
        await slow.close();
      }
      expect([executed.status, executed.body]).toEqual([200, { success: true, executionId: expect.any(String), status: 'success' }]);
      const parentId = executed.body.executionId as string;

      const parentRow = await odooStatus(odoo, parentId, 'success');
      expect(parentRow).toMatchObject({ mode: 'manual', finished: true, parent_execution_id: false, last_node_executed: 'After Child' });
      expect(nodeOutput(parentRow.execution_data, 'Call Child')).toEqual([{ n: 3, doubled: 6 }]);
      expect(nodeOutput(parentRow.execution_data, 'After Child')).toEqual([{ n: 3, doubled: 6, slowAnswer: 'late' }]);
      expect(await odooLogs(odoo, parentRow.id)).toEqual([
        ['Manual Trigger', 0, 'success'],
        ['Make Item', 0, 'success'],
        ['Call Child', 0, 'success'],
        ['Slow Call', 0, 'success'],
        ['After Child', 0, 'success'],
      ]);

      const childRows = await eventually(
        async () => {
          const rows = await odooExecutions(odoo, [['canvas_id', '=', child.canvasId]]);
          return rows.length > 0 && rows.every((row) => row.status === 'success') ? rows : undefined;
        },
        5000,
        'child execution in Odoo',
      );
      expect(childRows.map((row) => [row.status, row.mode, row.finished, row.parent_execution_id])).toEqual([
        ['success', 'integrated', true, [parentRow.id, parentId]],
      ]);
      expect(nodeOutput(childRows[0].execution_data, 'Child Set')).toEqual([{ n: 3, doubled: 6 }]);
      expect(await odooLogs(odoo, childRows[0].id)).toEqual([
        ['When Called', 0, 'success'],
        ['Child Set', 0, 'success'],
      ]);
    });
  });
});
