import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, chain } from './helpers/workflows';

describe('management API: authentication and request validation', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workflows: [chain('plain', [['Start', MANUAL], ['Done', NOOP]])], env: { MAX_BODY_BYTES: '2048' } });
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('refuses a request without a key', async () => {
    const response = await service.http.get('/executions/any');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ success: false, error: { code: 'unauthorized', message: 'Missing API key: send the header "Authorization: Bearer <SIDECAR_API_KEY>"' } });
  });

  it('refuses a wrong key, and another scheme than Bearer', async () => {
    for (const header of ['Bearer wrong-key', 'Basic aW50ZWdyYXRpb24tdGVzdC1rZXk=', `Bearer ${'x'.repeat(5000)}`]) {
      const response = await service.http.post('/canvas/plain/execute').set('Authorization', header).send({});
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ success: false, error: { code: 'unauthorized', message: 'Invalid API key' } });
    }
  });

  it('keeps /healthz and /readyz public and /metrics behind the key', async () => {
    expect((await service.http.get('/healthz')).body).toEqual({ success: true, data: { status: 'ok' } });
    expect((await service.http.get('/readyz')).body).toEqual({ success: true, data: { status: 'ready' } });
    expect((await service.http.get('/metrics')).status).toBe(401);
    const metrics = await service.http.get('/metrics').set(AUTH);
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toContain('# TYPE automator_executions_total counter');
    expect(metrics.text).toContain('automator_executions_running 0');
    expect(metrics.text).toContain('automator_queue_depth 0');
  });

  it('answers malformed JSON with 400 and the parser message', async () => {
    const response = await service.http.post('/canvas/plain/execute').set(AUTH).set('Content-Type', 'application/json').send('{"mode": ');
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe('bad_request');
    expect(response.body.error.message).toMatch(/^The request body is not valid JSON: /);
  });

  it('refuses unknown fields and wrong types naming each field', async () => {
    const unknown = await service.http.post('/canvas/plain/execute').set(AUTH).send({ mode: 'manual', colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ success: false, error: { code: 'bad_request', message: "Invalid body of POST /canvas/:id/execute: Unrecognized key(s) in object: 'colour'" } });
    const types = await service.http.post('/canvas/plain/execute').set(AUTH).send({ mode: 'sometimes', wait: 'yes', triggerData: 5 });
    expect(types.status).toBe(400);
    expect(types.body.error.message).toBe(
      "Invalid body of POST /canvas/:id/execute: mode: Invalid enum value. Expected 'manual' | 'production', received 'sometimes'; triggerData: must be an object or an array of objects; wait: Expected boolean, received string",
    );
    const notJson = await service.http.post('/canvas/plain/execute').set(AUTH).set('Content-Type', 'text/plain').send('mode=manual');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe('The request body must be JSON (Content-Type: application/json), got text/plain');
    const query = await service.http.get('/canvas/plain/executions?limit=0&offset=-1&status=done').set(AUTH);
    expect(query.status).toBe(400);
    expect(query.body.error.message).toBe(
      "Invalid query of GET /canvas/:id/executions: limit: Number must be greater than or equal to 1; offset: must be a whole number; status: Invalid enum value. Expected 'queued' | 'running' | 'waiting' | 'success' | 'error' | 'cancelled' | 'crashed', received 'done'",
    );
  });

  it('answers a body over MAX_BODY_BYTES with 413', async () => {
    const response = await service.http.post('/canvas/plain/execute').set(AUTH).send({ triggerData: { text: 'x'.repeat(4096) } });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ success: false, error: { code: 'payload_too_large', message: 'The request body is larger than the limit of 2048 bytes (MAX_BODY_BYTES)' } });
  });

  it('answers unknown canvases, executions and routes with 404', async () => {
    const canvas = await service.http.post('/canvas/nope/execute').set(AUTH).send({});
    expect(canvas.status).toBe(404);
    expect(canvas.body).toEqual({ success: false, error: { code: 'not_found', message: 'Workflow "nope" was not found' } });
    const list = await service.http.get('/canvas/nope/executions').set(AUTH);
    expect(list.body).toEqual({ success: false, error: { code: 'not_found', message: 'Workflow "nope" was not found' } });
    const execution = await service.http.get('/executions/0190-none').set(AUTH);
    expect(execution.status).toBe(404);
    expect(execution.body).toEqual({ success: false, error: { code: 'not_found', message: 'Execution "0190-none" was not found' } });
    const route = await service.http.get('/nowhere').set(AUTH);
    expect(route.status).toBe(404);
    expect(route.body).toEqual({ success: false, error: { code: 'not_found', message: 'There is no route GET /nowhere' } });
  });
});

describe('METRICS_PUBLIC', () => {
  it('opens /metrics only when set', async () => {
    const service = await startTestService({ env: { METRICS_PUBLIC: 'true' } });
    try {
      expect((await service.http.get('/metrics')).status).toBe(200);
      expect((await service.http.get('/executions/x')).status).toBe(401);
    } finally {
      await service.close();
      service.cleanup();
    }
  });
});
