import fs from 'node:fs';
import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, PUBLIC_URL, startTestService, type TestService } from './helpers/test-service';
import { NOOP, RESPOND, SET, WEBHOOK, chain, set } from './helpers/workflows';

const benchWorkflow = JSON.parse(fs.readFileSync(`${__dirname}/../../examples/bench-webhook.json`, 'utf8')) as WorkflowJson;

const webhooks: WorkflowJson[] = [
  benchWorkflow,
  chain('immediate', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'orders/:id' }], ['Done', NOOP]]),
  chain('immediate-custom', [['Webhook', WEBHOOK, { httpMethod: 'PUT', path: 'custom', options: { responseCode: { values: { responseCode: 202 } }, responseData: 'queued' } }], ['Done', NOOP]]),
  chain('immediate-empty', [['Webhook', WEBHOOK, { httpMethod: 'DELETE', path: 'empty', options: { noResponseBody: true } }], ['Done', NOOP]]),
  chain('last-first', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'last/first', responseMode: 'lastNode' }], ['Set', SET, set({ ok: true, n: 1 })]]),
  chain('last-property', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'last/property', responseMode: 'lastNode', options: { responsePropertyName: 'n' } }], ['Set', SET, set({ n: 41 })]]),
  chain('last-all', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'last/all', responseMode: 'lastNode', responseData: 'allEntries' }], ['Done', NOOP]]),
  chain('last-none', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'last/none', responseMode: 'lastNode', responseData: 'noData', options: { responseHeaders: { entries: [{ name: 'X-Run', value: 'done' }] } } }], ['Done', NOOP]]),
  chain('last-error', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'last/error', responseMode: 'lastNode' }], ['Flaky', 'test.flaky', { message: 'boom' }]]),
  chain('respond', [
    ['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'respond', responseMode: 'responseNode' }],
    ['Respond', RESPOND, { respondWith: 'json', responseBody: '={"created": true}', options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Order', value: '17' }] } } }],
    ['After', NOOP],
  ]),
  chain('basic', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'secure/basic', authentication: 'basicAuth' }, { credentials: { httpBasicAuth: { user: 'odoo', password: 's3cret' } } }], ['Done', NOOP]]),
  chain('header', [['Webhook', WEBHOOK, { httpMethod: 'GET', path: 'secure/header', authentication: 'headerAuth', credentials: { httpHeaderAuth: { name: 'X-Api-Key', value: 'k-123' } } }], ['Done', NOOP]]),
  chain('slow', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'slow', responseMode: 'lastNode' }], ['Sleep', 'test.sleep', { ms: 400 }]]),
];

describe('production webhooks', () => {
  let service: TestService;
  const runOf = async (executionId: string) => (await service.http.get(`/executions/${executionId}`).set(AUTH)).body.data;
  const latest = async (canvas: string) => {
    await service.built.service.drain(2000);
    const list = await service.http.get(`/canvas/${canvas}/executions?limit=1`).set(AUTH);
    return runOf(list.body.data[0].id);
  };
  const webhookItem = (run: { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject; binary?: JsonObject }>> } }>> } } }) =>
    run.data.resultData.runData.Webhook[0].data.main[0][0];

  beforeAll(async () => {
    service = await startTestService({ workflows: webhooks, env: { MAX_BODY_BYTES: '4096', WEBHOOK_RESPONSE_TIMEOUT_MS: '150' } });
    for (const workflow of webhooks) {
      const response = await service.http.post(`/canvas/${workflow.id}/activate`).set(AUTH).send({});
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('answers "immediately" with n8n\'s exact body and runs with the request as the item', async () => {
    const response = await service.http.post('/webhook/orders/42?source=odoo').set('X-Trace', 't-1').send({ total: 99 });
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"message":"Workflow was started"}');
    const run = await latest('immediate');
    expect(run).toMatchObject({ mode: 'production', status: 'success', finished: true });
    const item = webhookItem(run);
    expect(item.json).toMatchObject({ params: { id: '42' }, query: { source: 'odoo' }, body: { total: 99 }, webhookUrl: `${PUBLIC_URL}/webhook/orders/:id`, executionMode: 'production' });
    expect((item.json.headers as JsonObject)['x-trace']).toBe('t-1');
  });

  it('answers "immediately" with the configured code, text, or no body', async () => {
    const custom = await service.http.put('/webhook/custom').send({});
    expect(custom.status).toBe(202);
    expect(custom.text).toBe('queued');
    const empty = await service.http.delete('/webhook/empty');
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
  });

  it('answers with the last node: first entry, a property of it, all entries, no data', async () => {
    const first = await service.http.post('/webhook/last/first').send({});
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, n: 1 });
    expect((await service.http.post('/webhook/last/property').send({})).text).toBe('41');
    const all = await service.http.post('/webhook/last/all').send({ a: 1 });
    expect(all.body).toHaveLength(1);
    expect(all.body[0]).toMatchObject({ body: { a: 1 }, params: {}, query: {}, executionMode: 'production' });
    const none = await service.http.post('/webhook/last/none').send({});
    expect(none.status).toBe(200);
    expect(none.text).toBe('');
    expect(none.headers['x-run']).toBe('done');
  });

  it('answers 500 "Error in workflow" when the run fails, and stores the failed production run', async () => {
    const response = await service.http.post('/webhook/last/error').send({});
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ message: 'Error in workflow' });
    expect(await latest('last-error')).toMatchObject({ mode: 'production', status: 'error', errorMessage: 'Flaky: boom' });
  });

  it('answers with the Respond to Webhook node: status, headers and body', async () => {
    const response = await service.http.post('/webhook/respond').send({});
    expect(response.status).toBe(201);
    expect(response.headers['x-order']).toBe('17');
    expect(response.body).toEqual({ created: true });
    expect((await latest('respond')).status).toBe('success');
  });

  it('runs the standard bench workflow through both branches', async () => {
    const big = await service.http.post('/webhook/bench').send({ name: 'Ada', value: 7 });
    expect(big.status).toBe(200);
    expect(big.body).toEqual({ greeting: 'HELLO ADA', doubled: 14, big: true });
    const small = await service.http.post('/webhook/bench').send({ name: 'Bob', value: 2 });
    expect(small.body).toEqual({ big: false });
  });

  it('checks basic and header authentication as n8n does', async () => {
    const missing = await service.http.post('/webhook/secure/basic').send({});
    expect(missing.status).toBe(401);
    expect(missing.text).toBe('Authorization is required!');
    expect(missing.headers['www-authenticate']).toBe('Basic realm="Webhook"');
    const wrong = await service.http.post('/webhook/secure/basic').auth('odoo', 'guess').send({});
    expect(wrong.status).toBe(403);
    expect(wrong.text).toBe('Authorization data is wrong!');
    expect((await service.http.post('/webhook/secure/basic').auth('odoo', 's3cret').send({})).status).toBe(200);
    expect((await service.http.get('/webhook/secure/header').set('X-Api-Key', 'nope')).status).toBe(403);
    expect((await service.http.get('/webhook/secure/header').set('X-Api-Key', 'k-123')).status).toBe(200);
  });

  it('answers unknown paths and methods with n8n\'s messages', async () => {
    const unknown = await service.http.post('/webhook/orders');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ success: false, error: { code: 'not_found', message: 'The requested webhook "POST orders" is not registered.' } });
    const method = await service.http.get('/webhook/orders/42');
    expect(method.status).toBe(404);
    expect(method.body.error.message).toBe('This webhook is not registered for GET requests. Did you mean to make a POST request?');
  });

  it('refuses malformed JSON (400) and bodies over MAX_BODY_BYTES (413)', async () => {
    const malformed = await service.http.post('/webhook/orders/1').set('Content-Type', 'application/json').send('{"total": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({ code: 'bad_request', message: 'The body sent to webhook node "Webhook" is not valid JSON: Unexpected end of JSON input' });
    const large = await service.http.post('/webhook/orders/1').send({ text: 'x'.repeat(5000) });
    expect(large.status).toBe(413);
    expect(large.body.error).toEqual({ code: 'payload_too_large', message: 'The request body is larger than the limit of 4096 bytes (MAX_BODY_BYTES)' });
  });

  it('reads form, text and binary bodies', async () => {
    await service.http.post('/webhook/orders/2').type('form').send('name=Ada&tag=a&tag=b');
    expect(webhookItem(await latest('immediate')).json.body).toEqual({ name: 'Ada', tag: ['a', 'b'] });
    await service.http.post('/webhook/orders/3').set('Content-Type', 'text/plain').send('plain words');
    expect(webhookItem(await latest('immediate')).json.body).toBe('plain words');
    await service.http.post('/webhook/orders/4').set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4'));
    const item = webhookItem(await latest('immediate'));
    expect(item.json.body).toEqual({});
    // n8n's copyBinaryFile: the name is a UUID when the request gives none; the extension comes from the type.
    expect(item.binary).toEqual({
      data: { mimeType: 'application/pdf', fileType: 'pdf', fileExtension: 'pdf', data: Buffer.from('%PDF-1.4').toString('base64'), fileName: expect.stringMatching(/^[0-9a-f-]{36}$/), fileSize: '8 B', bytes: 8 },
    });
  });

  it('answers 504 when the run outlasts WEBHOOK_RESPONSE_TIMEOUT_MS, and lets it finish', async () => {
    const response = await service.http.post('/webhook/slow').send({});
    expect(response.status).toBe(504);
    expect(response.body).toEqual({ message: 'The workflow did not answer in time' });
    expect((await latest('slow')).status).toBe('success');
  });

  it('hands /webhook-waiting/* to the resume handler (bad signature: 403)', async () => {
    const response = await service.http.post('/webhook-waiting/0190abcd?signature=forged').send({});
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ success: false, error: { code: 'forbidden', message: 'The resume URL of execution "0190abcd" has a missing or invalid signature' } });
  });
});

describe('webhook concurrency limit', () => {
  it('answers 503 with Retry-After when production runs are at the limit and the queue is full', async () => {
    const service = await startTestService({
      workflows: [chain('busy', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'busy' }], ['Sleep', 'test.sleep', { ms: 300 }]])],
      env: { CONCURRENCY_LIMIT: '1', QUEUE_LIMIT: '0' },
    });
    try {
      await service.http.post('/canvas/busy/activate').set(AUTH).send({});
      expect((await service.http.post('/webhook/busy').send({})).status).toBe(200);
      const refused = await service.http.post('/webhook/busy').send({});
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toEqual({
        success: false,
        error: { code: 'unavailable', message: 'Too many production executions: 1 running and 0 queued (CONCURRENCY_LIMIT 1, QUEUE_LIMIT 0)' },
      });
      await service.built.service.drain(2000);
      expect((await service.http.post('/webhook/busy').send({})).status).toBe(200);
      // Manual runs do not count against the production limit (as n8n).
      const manual = await service.http.post('/canvas/busy/execute').set(AUTH).send({ wait: false });
      expect(manual.status).toBe(202);
    } finally {
      await service.close();
      service.cleanup();
    }
  });
});
