import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BuiltService } from '../../../src/server/build-service';
import type { JsonObject } from '../../../src/workflow/json';
import { api, bootService, eventually, makeServiceDir, n8nWorkflow, removeDir } from './service-under-test';

/** A loopback server that always fails, counting the calls it gets. */
let failing: http.Server;
let hits = 0;
let dir: string;
let built: BuiltService;

beforeAll(async () => {
  failing = http.createServer((_req, res) => {
    hits += 1;
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
  });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  const port = (failing.address() as AddressInfo).port;
  dir = makeServiceDir({
    // Seed phase 7: an HTTP Request node with retry_on_failure, max_retries 3, retry_interval 5 (ms).
    'http-fails': n8nWorkflow(
      [
        ['Start', 'manual', {}, { typeVersion: 1 }],
        ['HTTP Request', 'httpRequest', { url: `http://127.0.0.1:${port}/orders`, options: {} }, { typeVersion: 4.2, retryOnFail: true, maxTries: 3, waitBetweenTries: 5 }],
      ],
      [['Start', 'HTTP Request']],
      { errorWorkflow: 'on-error' },
    ),
    'on-error': n8nWorkflow(
      [
        ['Error Trigger', 'n8n-nodes-base.errorTrigger'],
        ['Log', 'n8n-nodes-base.noOp'],
      ],
      [['Error Trigger', 'Log']],
    ),
    // Seed phase 9: a parent canvas and a sub canvas, the node given the sub's workflow id.
    sub: n8nWorkflow(
      [
        ['When Called', 'executeWorkflowTrigger', { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
        ['Mark', 'n8n-nodes-base.set', { assignments: { assignments: [{ id: '1', name: 'handledBy', value: 'sub', type: 'string' }] }, includeOtherFields: true, options: {} }, { typeVersion: 3.4 }],
      ],
      [['When Called', 'Mark']],
    ),
    parent: n8nWorkflow(
      [
        ['Start', 'manual', {}, { typeVersion: 1 }],
        ['Execute Sub-workflow', 'executeWorkflow', { workflowId: 'sub', waitForCompletion: true }, { typeVersion: 1.1 }],
      ],
      [['Start', 'Execute Sub-workflow']],
    ),
  });
  built = await bootService(dir);
});

afterAll(async () => {
  await built.shutdown(1000);
  await new Promise((resolve) => failing.close(resolve));
  removeDir(dir);
});

describe('seed phase 7: error handling and recovery over HTTP', () => {
  it('retries the failing node, ends in error, and retrying the execution links the runs', async () => {
    hits = 0;
    const executed = await api(built).post('/canvas/http-fails/execute');
    expect(executed.body).toMatchObject({ success: true, status: 'error' });
    expect(hits).toBe(3);
    const execution = (await api(built).get(`/executions/${executed.body.executionId}`)).body.data;
    expect(execution).toMatchObject({ status: 'error', finished: false, mode: 'manual' });
    expect(execution.data.resultData.lastNodeExecuted).toBe('HTTP Request');
    expect(execution.errorMessage).toMatch(/^HTTP Request: /);
    // Manual runs never start the error workflow.
    expect((await api(built).get('/canvas/on-error/executions')).body.total).toBe(0);
    const retried = await api(built).post(`/executions/${executed.body.executionId}/retry`, { loadWorkflow: false });
    expect(retried.body).toMatchObject({ success: true, status: 'error' });
    expect(hits).toBe(6);
    expect((await api(built).get(`/executions/${retried.body.executionId}`)).body.data.retryOf).toBe(executed.body.executionId);
  });

  it('starts the error workflow for a failed production run, with the Error Trigger item', async () => {
    const executed = await api(built).post('/canvas/http-fails/execute', { mode: 'production' });
    expect(executed.body.status).toBe('error');
    // The retry of the test above (a non-manual run) started one too: find the one for this run.
    const item = await eventually(async () => {
      const list = (await api(built).get('/canvas/on-error/executions')).body;
      for (const row of list.data as JsonObject[]) {
        if (row.status !== 'success') continue;
        const detail = (await api(built).get(`/executions/${row.id}`)).body.data;
        const json = detail.data.resultData.runData.Log[0].data.main[0][0].json;
        if (json.execution.id === executed.body.executionId) return { mode: row.mode, ...json };
      }
      return undefined;
    });
    expect(item).toMatchObject({
      mode: 'error',
      execution: {
        id: executed.body.executionId,
        url: `http://sidecar.test/executions/${executed.body.executionId}`,
        lastNodeExecuted: 'HTTP Request',
        mode: 'production',
        error: { node: { name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest' } },
      },
      workflow: { id: 'http-fails', name: 'http-fails' },
    });
  });
});

describe('seed phase 9: sub-workflow execution over HTTP', () => {
  it('runs the sub canvas, linked to the parent, and gives its output to the parent', async () => {
    const executed = await api(built).post('/canvas/parent/execute', { triggerData: { order: 7 } });
    expect(executed.body).toMatchObject({ success: true, status: 'success' });
    const subExecutions = (await api(built).get('/canvas/sub/executions')).body;
    expect(subExecutions.total).toBe(1);
    expect(subExecutions.data[0]).toMatchObject({ parentExecutionId: executed.body.executionId, mode: 'integrated', status: 'success' });
    const parent = (await api(built).get(`/executions/${executed.body.executionId}`)).body.data;
    const output = parent.data.resultData.runData['Execute Sub-workflow'][0].data.main[0].map((item: { json: JsonObject }) => item.json);
    expect(output).toEqual([{ order: 7, handledBy: 'sub' }]);
  });
});
