import fs from 'node:fs';
import { startServiceProcess, transpileService, type ServiceProcess } from '../../helpers/service-process';
import type { JsonObject } from '../../../src/workflow/json';
import { API_KEY, eventually, makeServiceDir, n8nWorkflow, removeDir } from './service-under-test';

const TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';
const SET = 'n8n-nodes-base.set';

const assign = (name: string, value: string) => ({
  assignments: { assignments: [{ id: name, name, value, type: 'string' }] },
  includeOtherFields: true,
});

const workflows: Record<string, JsonObject> = {
  parent: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Order', SET, assign('order', 'A-1'), { typeVersion: 3.4 }],
      ['Ask Child', 'n8n-nodes-base.executeWorkflow', { workflowId: { __rl: true, value: 'child', mode: 'list' } }, { typeVersion: 1.2 }],
      ['After', 'n8n-nodes-base.noOp'],
    ],
    [
      ['Start', 'Order'],
      ['Order', 'Ask Child'],
      ['Ask Child', 'After'],
    ],
  ),
  // Three orders, one child each, all parked in their Wait at once ("run once for each item").
  eachParent: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Orders', 'n8n-nodes-base.code', { jsCode: "return ['A-1', 'B-2', 'C-3'].map((order) => ({ json: { order } }));" }, { typeVersion: 2 }],
      ['Ask Children', 'n8n-nodes-base.executeWorkflow', { workflowId: { __rl: true, value: 'child', mode: 'list' }, mode: 'each', options: {} }, { typeVersion: 1.2 }],
      ['After', 'n8n-nodes-base.noOp'],
    ],
    [
      ['Start', 'Orders'],
      ['Orders', 'Ask Children'],
      ['Ask Children', 'After'],
    ],
  ),
  child: n8nWorkflow(
    [
      ['Called', TRIGGER, { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
      ['Before Wait', SET, assign('stage', 'before'), { typeVersion: 3.4 }],
      ['Wait', 'n8n-nodes-base.wait', { amount: 2, unit: 'seconds' }, { typeVersion: 1.1 }],
      ['Approve', SET, assign('approved', '={{ $json.stage }}-then-after'), { typeVersion: 3.4 }],
    ],
    [
      ['Called', 'Before Wait'],
      ['Before Wait', 'Wait'],
      ['Wait', 'Approve'],
    ],
  ),
};

let outDir: string;
let dir: string;
let running: ServiceProcess | undefined;

beforeAll(() => {
  outDir = transpileService();
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));
beforeEach(() => {
  dir = makeServiceDir(workflows);
});
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  removeDir(dir);
});

const start = () => startServiceProcess(outDir, { DATA_DIR: `${dir}/data`, WORKFLOWS_DIR: `${dir}/workflows`, SIDECAR_API_KEY: API_KEY });

async function call(method: string, path: string, body?: JsonObject): Promise<{ status: number; body: JsonObject }> {
  const response = await fetch(`${running!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as JsonObject };
}

type Execution = JsonObject & { status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } } };

/** SIGKILLs the service, starts it again on the same data, and waits until the parent has ended. */
async function killRestartAndAwaitEnd(parentId: string, timeoutMs: number): Promise<Execution> {
  running!.child.kill('SIGKILL');
  expect(await running!.exited).toBe('SIGKILL');
  running = await start();
  return eventually(async () => {
    const { body } = await call('GET', `/executions/${parentId}`);
    const data = body.data as Execution;
    return data.status === 'waiting' || data.status === 'running' ? undefined : data;
  }, timeoutMs);
}

describe('a parent waiting on a waiting child, across a SIGKILL of the service process', () => {
  it("ends success with the child's items after the service is killed during the child's wait", async () => {
    running = await start();
    const executed = await call('POST', '/canvas/parent/execute', {});
    expect(executed.body).toMatchObject({ success: true, status: 'waiting' });
    const parentId = executed.body.executionId as string;
    const children = await call('GET', '/canvas/child/executions');
    expect(children.body.data).toEqual([expect.objectContaining({ status: 'waiting', parentExecutionId: parentId, mode: 'integrated' })]);
    const childId = (children.body.data as JsonObject[])[0].id as string;

    const parent = await killRestartAndAwaitEnd(parentId, 20_000);
    expect(parent).toMatchObject({ status: 'success', finished: true, parentExecutionId: null });
    const child = (await call('GET', `/executions/${childId}`)).body.data as Execution;
    expect(child).toMatchObject({ status: 'success', parentExecutionId: parentId });
    const childItems = child.data.resultData.runData.Approve[0].data.main[0].map((item) => item.json);
    expect(childItems).toEqual([{ order: 'A-1', stage: 'before', approved: 'before-then-after' }]);
    const after = parent.data.resultData.runData.After[0].data.main[0].map((item) => item.json);
    expect(after).toEqual(childItems);
  }, 60_000);

  it('in "each" mode, parks every child at once and ends with all their items in input order', async () => {
    running = await start();
    const executed = await call('POST', '/canvas/eachParent/execute', {});
    expect(executed.body).toMatchObject({ success: true, status: 'waiting' });
    const parentId = executed.body.executionId as string;
    const children = (await call('GET', '/canvas/child/executions')).body.data as JsonObject[];
    expect(children.filter((child) => child.parentExecutionId === parentId).map((child) => child.status)).toEqual(['waiting', 'waiting', 'waiting']);

    const parent = await killRestartAndAwaitEnd(parentId, 30_000);
    expect(parent).toMatchObject({ status: 'success', finished: true });
    const after = parent.data.resultData.runData.After[0].data.main[0];
    expect(after.map((item) => item.json)).toEqual(
      ['A-1', 'B-2', 'C-3'].map((order) => ({ order, stage: 'before', approved: 'before-then-after' })),
    );
    expect(after.map((item) => (item as { pairedItem?: unknown }).pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  }, 90_000);
});
