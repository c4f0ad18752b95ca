import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, SET, chain, set } from './helpers/workflows';

/** The seed's API example: Manual Trigger -> Set with the shorthand `{"values": {...}}`, short type names. */
const seedWorkflow: WorkflowJson = {
  id: 'seed',
  name: 'Test Workflow',
  nodes: [
    { name: 'Manual Trigger', type: 'manual', parameters: {} },
    { name: 'Set Node', type: 'set', parameters: { values: { test: 'value' } } },
  ],
  connections: { 'Manual Trigger': { main: [[{ node: 'Set Node', type: 'main', index: 0 }]] } },
};

const isoZ = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('execution API', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      workflows: [
        seedWorkflow,
        chain('echo', [['Start', MANUAL], ['Tag', SET, set({ tagged: true }), { parameters: { ...set({ tagged: true }), includeOtherFields: true } }]]),
        chain('slow', [['Start', MANUAL], ['Sleep', 'test.sleep', { ms: 300 }], ['Done', NOOP]]),
        chain('flaky', [['Start', MANUAL], ['Flaky', 'test.flaky', { message: 'the API is down' }], ['Done', NOOP]]),
        chain('custom-data', [
          ['Start', MANUAL],
          ['Tag', SET, set({ customer: 'Ann' })],
          [
            'Save',
            'n8n-nodes-base.executionData',
            { dataToSave: { values: [{ key: 'customer', value: '={{ $json.customer }}' }, { key: 'source', value: 'api test' }] } },
          ],
        ]),
      ],
    });
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it("returns the Execution Data node's custom data with the execution, as n8n's customData", async () => {
    const executed = await service.http.post('/canvas/custom-data/execute').set(AUTH).send({});
    expect(executed.body.status).toBe('success');
    const read = await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH);
    expect(read.body.data.customData).toEqual({ customer: 'Ann', source: 'api test' });
    expect(read.body.data.data.resultData.metadata).toEqual({ customer: 'Ann', source: 'api test' });
    const plain = await service.http.post('/canvas/seed/execute').set(AUTH).send({});
    expect((await service.http.get(`/executions/${plain.body.executionId}`).set(AUTH)).body.data.customData).toEqual({});
  });

  it('runs the seed example: execute, then the execution reads success', async () => {
    const executed = await service.http.post('/canvas/seed/execute').set(AUTH).send({ mode: 'manual' });
    expect(executed.status).toBe(200);
    expect(executed.body).toEqual({ success: true, executionId: expect.any(String), status: 'success' });
    const read = await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH);
    expect(read.status).toBe(200);
    expect(read.body.success).toBe(true);
    const { data } = read.body;
    expect(data).toMatchObject({
      id: executed.body.executionId,
      workflowId: 'seed',
      finished: true,
      mode: 'manual',
      status: 'success',
      waitTill: null,
      resumeUrl: null,
      errorMessage: null,
      retryOf: null,
      retrySuccessId: null,
      parentExecutionId: null,
    });
    expect(data.startedAt).toMatch(isoZ);
    expect(data.stoppedAt).toMatch(isoZ);
    expect(typeof data.duration).toBe('number');
    expect(data.workflowData.name).toBe('Test Workflow');
    expect(data.data.resultData.lastNodeExecuted).toBe('Set Node');
    expect(data.data.resultData.runData['Set Node'][0].data.main[0][0].json).toEqual({ test: 'value' });
  });

  it('feeds triggerData to the trigger: an object is one item, an array one item each', async () => {
    const one = await service.http.post('/canvas/echo/execute').set(AUTH).send({ triggerData: { order: 7 } });
    const many = await service.http.post('/canvas/echo/execute').set(AUTH).send({ triggerData: [{ order: 1 }, { order: 2 }] });
    const output = async (id: string) => (await service.http.get(`/executions/${id}`).set(AUTH)).body.data.data.resultData.runData.Tag[0].data.main[0].map((item: { json: unknown }) => item.json);
    expect(await output(one.body.executionId)).toEqual([{ order: 7, tagged: true }]);
    expect(await output(many.body.executionId)).toEqual([{ order: 1, tagged: true }, { order: 2, tagged: true }]);
  });

  it('answers 202 at once with wait:false, and the run finishes in the background', async () => {
    const response = await service.http.post('/canvas/slow/execute').set(AUTH).send({ wait: false });
    // Answered while the run (300 ms of sleep) still runs: the caller did not wait for it.
    expect(service.built.service.runningCount).toBe(1);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ success: true, executionId: expect.any(String), status: 'running' });
    await service.built.service.drain(2000);
    const read = await service.http.get(`/executions/${response.body.executionId}`).set(AUTH);
    expect(read.body.data.status).toBe('success');
  });

  it('answers a repeated Idempotency-Key with the first execution', async () => {
    const first = await service.http.post('/canvas/seed/execute').set(AUTH).set('Idempotency-Key', 'odoo-button-42').send({ wait: false });
    const again = await service.http.post('/canvas/seed/execute').set(AUTH).set('Idempotency-Key', 'odoo-button-42').send({ wait: false });
    const waited = await service.http.post('/canvas/seed/execute').set(AUTH).set('Idempotency-Key', 'odoo-button-42').send({});
    expect(again.body.executionId).toBe(first.body.executionId);
    expect(waited.body).toEqual({ success: true, executionId: first.body.executionId, status: 'success' });
    const bad = await service.http.post('/canvas/seed/execute').set(AUTH).set('Idempotency-Key', 'has spaces').send({});
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Invalid Idempotency-Key header: must be printable ASCII without spaces');
  });

  it('lists a canvas executions newest first with limit, offset, status and total', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await service.http.post('/canvas/flaky/execute').set(AUTH).send({})).body.executionId);
    const page = await service.http.get('/canvas/flaky/executions?limit=2&offset=0').set(AUTH);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.data.map((row: { id: string }) => row.id)).toEqual([ids[2], ids[1]]);
    expect(Object.keys(page.body.data[0]).sort()).toEqual(
      ['duration', 'errorMessage', 'finished', 'id', 'mode', 'parentExecutionId', 'partialOf', 'resumeUrl', 'retryOf', 'retrySuccessId', 'startedAt', 'status', 'stoppedAt', 'waitTill', 'worker', 'workflowId'].sort(),
    );
    expect(page.body.data[0]).toMatchObject({ status: 'error', errorMessage: 'Flaky: the API is down', finished: false, mode: 'manual' });
    const second = await service.http.get('/canvas/flaky/executions?limit=2&offset=2').set(AUTH);
    expect(second.body.data.map((row: { id: string }) => row.id)).toEqual([ids[0]]);
    const none = await service.http.get('/canvas/flaky/executions?status=success').set(AUTH);
    expect(none.body).toEqual({ success: true, data: [], total: 0 });
  });

  it('retries from the failed node with the saved workflow, or with the current one', async () => {
    const failed = (await service.http.post('/canvas/flaky/execute').set(AUTH).send({})).body.executionId;
    const sameWorkflow = await service.http.post(`/executions/${failed}/retry`).set(AUTH).send({});
    expect(sameWorkflow.status).toBe(200);
    expect(sameWorkflow.body).toEqual({ success: true, executionId: expect.any(String), status: 'error' });
    service.writeWorkflow(chain('flaky', [['Start', MANUAL], ['Flaky', 'test.flaky', { fixed: true }], ['Done', NOOP]]));
    const current = await service.http.post(`/executions/${failed}/retry`).set(AUTH).send({ loadWorkflow: true });
    expect(current.body).toEqual({ success: true, executionId: expect.any(String), status: 'success' });
    const retry = (await service.http.get(`/executions/${current.body.executionId}`).set(AUTH)).body.data;
    expect(retry).toMatchObject({ mode: 'retry', retryOf: failed, status: 'success' });
    const original = (await service.http.get(`/executions/${failed}`).set(AUTH)).body.data;
    expect(original.retrySuccessId).toBe(current.body.executionId);
    const notFailed = await service.http.post(`/executions/${current.body.executionId}/retry`).set(AUTH).send({});
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.error.message).toBe(`Execution "${current.body.executionId}" cannot be retried: only failed, crashed or cancelled executions can (status: success)`);
    service.writeWorkflow(chain('flaky', [['Start', MANUAL], ['Flaky', 'test.flaky', { message: 'the API is down' }], ['Done', NOOP]]));
  });

  it('stops a running execution', async () => {
    service.writeWorkflow(chain('long', [['Start', MANUAL], ['Sleep', 'test.sleep', { ms: 5000 }]]));
    const started = await service.http.post('/canvas/long/execute').set(AUTH).send({ wait: false });
    // The 202 comes once the run is registered as running: stop can reach it at once.
    expect(service.built.service.runningCount).toBe(1);
    const stopped = await service.http.post(`/executions/${started.body.executionId}/stop`).set(AUTH).send({});
    expect(stopped.status).toBe(200);
    expect(stopped.body.success).toBe(true);
    expect(stopped.body.data).toMatchObject({ id: started.body.executionId, status: 'canceled', finished: false, errorMessage: 'The execution was stopped' });
    const again = await service.http.post(`/executions/${started.body.executionId}/stop`).set(AUTH).send({});
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'conflict', message: `Execution "${started.body.executionId}" is not running (status: cancelled)` });
  });
});
