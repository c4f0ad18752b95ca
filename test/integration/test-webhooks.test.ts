import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { TEST_WEBHOOK_HINT } from '../../src/triggers/webhooks/test-webhooks';
import { FakeClock } from './helpers/fake-clock';
import { AUTH, PUBLIC_URL, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, SET, WEBHOOK, chain, set } from './helpers/workflows';

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';

/** Webhook (POST hook, answers with the last node) -> Set. Not active: test calls work anyway. */
const hook: WorkflowJson = chain('hook', [
  ['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'hook', responseMode: 'lastNode' }],
  ['Reply', SET, { ...set({ got: '={{ $json.body.n }}', mode: '={{ $("Webhook").item.json.executionMode }}' }), includeOtherFields: false }],
]);
/** The same path in another workflow: a second listener on it is refused. */
const rival: WorkflowJson = { ...hook, id: 'rival', name: 'rival' };
const noWebhook: WorkflowJson = chain('no-webhook', [['Start', MANUAL], ['Set', SET, set({ a: 1 })]]);
const form: WorkflowJson = chain('test-form', [
  ['Form', FORM_TRIGGER, { formTitle: 'Ask', formFields: { values: [{ fieldLabel: 'Topic', requiredField: true }] }, options: { path: 'ask' } }, { typeVersion: 2.3 }],
  ['Echo', SET, { ...set({ topic: '={{ $json.Topic }}' }), includeOtherFields: true }],
]);

const START = '2026-12-07T12:00:00.000Z';
let clock: FakeClock;
let service: TestService;

beforeAll(async () => {
  clock = new FakeClock(START);
  service = await startTestService({ workflows: [hook, rival, noWebhook, form], clock });
});
afterAll(async () => {
  await service.close();
  service.cleanup();
});

const listen = (canvas: string) => service.http.post(`/canvas/${canvas}/listen-test-webhook`).set(AUTH).send({});

async function executionOf(requestId: string): Promise<{ id: string; mode: string; status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } } }> {
  await service.built.service.drain(5000);
  const summary = await service.built.stores.executions.findByRequestId(requestId);
  expect(summary).toBeDefined();
  return (await service.http.get(`/executions/${summary?.id}`).set(AUTH)).body.data;
}

const notRegistered = (path: string) => ({ success: false, error: { code: 'not_found', message: `The requested webhook "${path}" is not registered.`, hint: TEST_WEBHOOK_HINT } });

describe('test webhooks (/webhook-test/<path>)', () => {
  it('answers 404 with n8n\'s message and hint while nobody listens', async () => {
    const reply = await service.http.post('/webhook-test/hook').send({ n: 1 });
    expect([reply.status, reply.body]).toEqual([404, notRegistered('hook')]);
  });

  it('serves the next call only, in manual mode, on a workflow that is not active', async () => {
    const listening = await listen('hook');
    expect(listening.status).toBe(200);
    expect(listening.body.data).toEqual({
      canvasId: 'hook',
      workflowId: 'hook',
      listenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      requestId: `test-webhook:${listening.body.data.listenId}`,
      expiresAt: '2026-12-07T12:02:00.000Z',
      webhooks: [{ node: 'Webhook', kind: 'webhook', methods: ['POST'], path: 'hook', url: `${PUBLIC_URL}/webhook-test/hook` }],
    });
    // The production URL stays closed: the workflow is not active.
    expect((await service.http.post('/webhook/hook').send({ n: 1 })).status).toBe(404);

    const first = await service.http.post('/webhook-test/hook').send({ n: 7 });
    expect([first.status, first.body]).toEqual([200, { got: '7', mode: 'test' }]);
    const second = await service.http.post('/webhook-test/hook').send({ n: 8 });
    expect([second.status, second.body]).toEqual([404, notRegistered('hook')]);

    const execution = await executionOf(listening.body.data.requestId);
    expect([execution.mode, execution.status]).toEqual(['manual', 'success']);
    const item = execution.data.resultData.runData.Webhook[0].data.main[0][0].json;
    expect([item.body, item.webhookUrl, item.executionMode]).toEqual([{ n: 7 }, `${PUBLIC_URL}/webhook-test/hook`, 'test']);
  });

  it('runs exactly one of two calls arriving together', async () => {
    await listen('hook');
    const replies = await Promise.all([1, 2].map((n) => service.http.post('/webhook-test/hook').send({ n })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 404]);
  });

  it('stops listening after the timeout (120 s)', async () => {
    await listen('hook');
    await clock.advance(119_000);
    await listen('hook'); // listening again restarts the 120 s
    await clock.advance(119_000);
    expect((await service.http.post('/webhook-test/hook').send({ n: 1 })).status).toBe(200);

    await listen('hook');
    await clock.advance(120_000);
    const late = await service.http.post('/webhook-test/hook').send({ n: 2 });
    expect([late.status, late.body]).toEqual([404, notRegistered('hook')]);
  });

  it('keeps listening after a call with the wrong method, which gets n8n\'s "Did you mean" answer', async () => {
    await listen('hook');
    const wrong = await service.http.get('/webhook-test/hook');
    expect([wrong.status, wrong.body.error.message]).toEqual([404, 'This webhook is not registered for GET requests. Did you mean to make a POST request?']);
    expect((await service.http.post('/webhook-test/hook').send({ n: 3 })).body).toEqual({ got: '3', mode: 'test' });
  });

  it('runs manual test calls beside the production webhook of an active workflow', async () => {
    expect((await service.http.post('/canvas/hook/activate').set(AUTH).send({})).status).toBe(200);
    const listening = await listen('hook');
    expect((await service.http.post('/webhook/hook').send({ n: 1 })).body).toEqual({ got: '1', mode: 'production' });
    expect((await service.http.post('/webhook-test/hook').send({ n: 2 })).body).toEqual({ got: '2', mode: 'test' });
    expect((await executionOf(listening.body.data.requestId)).mode).toBe('manual');
    expect((await service.http.post('/webhook/hook').send({ n: 3 })).body).toEqual({ got: '3', mode: 'production' });
    expect((await service.http.post('/canvas/hook/deactivate').set(AUTH).send({})).status).toBe(200);
  });

  it('stops listening on DELETE, refuses a second workflow on the same test path, and bad requests', async () => {
    await listen('hook');
    const taken = await listen('rival');
    expect([taken.status, taken.body.error.message]).toEqual([
      409,
      'Workflow "rival" (rival) cannot listen for a test call: the test webhook "POST hook" of node "Webhook" is already used by workflow "hook" (hook), which is listening for a test call',
    ]);
    const cancelled = await service.http.delete('/canvas/hook/listen-test-webhook').set(AUTH);
    expect(cancelled.body).toEqual({ success: true, data: { canvasId: 'hook', wasListening: true } });
    expect((await service.http.post('/webhook-test/hook').send({})).status).toBe(404);
    expect((await listen('rival')).status).toBe(200);
    await service.http.delete('/canvas/rival/listen-test-webhook').set(AUTH);

    const none = await listen('no-webhook');
    expect([none.status, none.body.error.message]).toEqual([400, 'Workflow "no-webhook" (no-webhook) has no enabled Webhook or Form Trigger node to listen for a test call']);
    const unknown = await listen('missing');
    expect([unknown.status, unknown.body.error.message]).toEqual([404, 'Workflow "missing" was not found']);
    expect((await service.http.post('/canvas/hook/listen-test-webhook').send({})).status).toBe(401);
    const extra = await service.http.post('/canvas/hook/listen-test-webhook').set(AUTH).send({ colour: 'red' });
    expect(extra.status).toBe(400);
  });
});

describe('test forms (/form-test/<path>)', () => {
  it('shows the form while listening and runs the first valid submission in manual mode', async () => {
    const idle = await service.http.get('/form-test/ask');
    // n8n's form-trigger-404 page for a test form nobody listens on.
    expect([idle.status, idle.text.includes("<h1>Form Trigger isn&#39;t listening yet</h1>")]).toEqual([404, true]);
    const listening = await listen('test-form');
    expect(listening.body.data.webhooks).toEqual([{ node: 'Form', kind: 'form', methods: ['GET', 'POST'], path: 'ask', url: `${PUBLIC_URL}/form-test/ask` }]);
    const page = await service.http.get('/form-test/ask');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="${PUBLIC_URL}/form-test/ask"`);
    // A refused submission does not take the listening.
    expect((await service.http.post('/form-test/ask').type('form').send({})).status).toBe(400);
    const sent = await service.http.post('/form-test/ask').type('form').send({ 'field-0': 'billing' });
    expect(sent.status).toBe(200);
    const again = await service.http.post('/form-test/ask').type('form').send({ 'field-0': 'twice' });
    expect([again.status, again.text.includes("<h1>Form Trigger isn&#39;t listening yet</h1>")]).toEqual([404, true]);

    const execution = await executionOf(listening.body.data.requestId);
    expect(execution.mode).toBe('manual');
    const item = execution.data.resultData.runData.Echo[0].data.main[0][0].json;
    expect([item.Topic, item.topic, item.formMode]).toEqual(['billing', 'billing', 'test']);
  });
});
