import request from 'supertest';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { NOOP, WEBHOOK, chain } from './helpers/workflows';

const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const workflows: WorkflowJson[] = [
  chain('basic', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'stored/basic', authentication: 'basicAuth' }, { credentials: { httpBasicAuth: { id: 'b1', name: 'Odoo caller' } } }], ['Done', NOOP]]),
  chain('header', [['Webhook', WEBHOOK, { httpMethod: 'GET', path: 'stored/header', authentication: 'headerAuth' }, { credentials: { httpHeaderAuth: { id: 'gone', name: 'Hook key' } } }], ['Done', NOOP]]),
  chain('dangling', [['Webhook', WEBHOOK, { httpMethod: 'GET', path: 'stored/dangling', authentication: 'headerAuth' }, { credentials: { httpHeaderAuth: { id: 'x', name: 'Nowhere' } } }], ['Done', NOOP]]),
  {
    ...chain('guarded-wait', [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'headerAuth' }, { typeVersion: 1.1, credentials: { httpHeaderAuth: { id: 'h1', name: 'Hook key' } } }],
      ['Done', NOOP],
    ]),
  },
];

describe('webhook and Wait-resume authentication through stored credentials', () => {
  let service: TestService;
  const logLines: string[] = [];

  beforeAll(async () => {
    service = await startTestService({ workflows, env: { CREDENTIALS_KEY: 'hook key one', LOG_LEVEL: 'warn' }, logLines });
    await service.built.credentials!.create({ id: 'b1', name: 'Odoo caller', type: 'httpBasicAuth', data: { user: 'odoo', password: 'hook-pass-secret' } });
    await service.built.credentials!.create({ id: 'h1', name: 'Hook key', type: 'httpHeaderAuth', data: { name: 'X-Hook-Key', value: 'hook-header-secret' } });
    for (const id of ['basic', 'header', 'dangling']) expect((await service.http.post(`/canvas/${id}/activate`).set(AUTH).send({})).status).toBe(200);
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('basic auth: 401 without, 403 wrong, in with the stored user and password', async () => {
    const none = await service.http.post('/webhook/stored/basic').send({});
    expect([none.status, none.text]).toEqual([401, 'Authorization is required!']);
    const wrong = await service.http.post('/webhook/stored/basic').set('Authorization', basicHeader('odoo', 'nope')).send({});
    expect([wrong.status, wrong.text]).toEqual([403, 'Authorization data is wrong!']);
    const right = await service.http.post('/webhook/stored/basic').set('Authorization', basicHeader('odoo', 'hook-pass-secret')).send({});
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ message: 'Workflow was started' });
  });

  it('header auth found by name; a changed credential applies at once, without re-activation', async () => {
    expect((await service.http.get('/webhook/stored/header').set('X-Hook-Key', 'hook-header-secret')).status).toBe(200);
    await service.built.credentials!.patch('h1', { data: { value: 'rotated-header-secret' } });
    expect((await service.http.get('/webhook/stored/header').set('X-Hook-Key', 'hook-header-secret')).status).toBe(403);
    expect((await service.http.get('/webhook/stored/header').set('X-Hook-Key', 'rotated-header-secret')).status).toBe(200);
    await service.built.credentials!.patch('h1', { data: { value: 'hook-header-secret' } });
  });

  it('a credential that does not exist answers n8n\'s 500, and the log says why without a secret', async () => {
    const refused = await service.http.get('/webhook/stored/dangling').set('X-Hook-Key', 'anything');
    expect([refused.status, refused.text]).toEqual([500, 'No authentication data defined on node!']);
    expect(logLines.some((line) => line.includes('Credentials \\"Nowhere\\" of type \\"httpHeaderAuth\\" do not exist'))).toBe(true);
    expect(logLines.join('\n')).not.toContain('hook-header-secret');
  });

  it('a Wait node resumes only with the stored header', async () => {
    const executed = await service.http.post('/canvas/guarded-wait/execute').set(AUTH).send({});
    expect(executed.body.status).toBe('waiting');
    const { resumeUrl } = (await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data;
    const url = new URL(resumeUrl);
    const path = `${url.pathname}${url.search}`;
    const publicHttp = request(service.built.app);
    expect((await publicHttp.post(path).set('X-Hook-Key', 'wrong').send({})).status).toBe(403);
    const resumed = await publicHttp.post(path).set('X-Hook-Key', 'hook-header-secret').send({ approved: true });
    expect(resumed.status).toBe(200);
    await service.built.service.drain(2000);
    expect((await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data.status).toBe('success');
  });
});
