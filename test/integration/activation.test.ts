import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, RESPOND, SCHEDULE, SET, WEBHOOK, chain, set } from './helpers/workflows';

const hook = (id: string, path: string, value: string) =>
  chain(id, [
    ['Webhook', WEBHOOK, { httpMethod: 'POST', path, responseMode: 'lastNode' }],
    ['Answer', SET, set({ answer: value })],
  ]);

describe('activation', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      workflows: [
        chain('manual-only', [['Start', MANUAL], ['Done', NOOP]]),
        chain('disabled-hook', [['Webhook', WEBHOOK, { path: 'off' }, { disabled: true }], ['Done', NOOP]]),
        hook('orders-a', 'orders', 'a'),
        hook('orders-b', 'orders', 'b'),
        chain('bad-cron', [['Schedule', SCHEDULE, { rule: { interval: [{ field: 'cronExpression', expression: '0 25 * * *' }] } }], ['Done', NOOP]]),
        chain('bad-respond', [['Webhook', WEBHOOK, { path: 'respond', responseMode: 'responseNode' }], ['Done', NOOP]]),
        chain('respond-ok', [['Webhook', WEBHOOK, { path: 'respond-ok', responseMode: 'responseNode' }], ['Respond', RESPOND, { respondWith: 'noData' }]]),
      ],
    });
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('refuses a workflow without an enabled trigger node (400, n8n message)', async () => {
    for (const id of ['manual-only', 'disabled-hook']) {
      const response = await service.http.post(`/canvas/${id}/activate`).set(AUTH).send({});
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        success: false,
        error: {
          code: 'bad_request',
          message: `Workflow "${id}" (${id}) has no node to start the workflow - at least one trigger, poller or webhook node is required (an enabled Webhook, Schedule Trigger or Form Trigger node)`,
        },
      });
    }
  });

  it('refuses an invalid cron or webhook configuration (400 naming the node)', async () => {
    const cron = await service.http.post('/canvas/bad-cron/activate').set(AUTH).send({});
    expect(cron.status).toBe(400);
    expect(cron.body.error.message).toBe('Workflow "bad-cron": Schedule Trigger node "Schedule": rule 1: invalid cron expression "0 25 * * *": Constraint error, got value 25 expected range 0-23');
    const respond = await service.http.post('/canvas/bad-respond/activate').set(AUTH).send({});
    expect(respond.status).toBe(400);
    expect(respond.body.error.message).toBe('Workflow "bad-respond": Webhook node "Webhook": No Respond to Webhook node found in the workflow: insert one or choose another "Respond" option');
    expect((await service.http.post('/canvas/respond-ok/activate').set(AUTH).send({})).status).toBe(200);
  });

  it('activates, answers 409 for a webhook path taken by another active workflow, and frees it on deactivation', async () => {
    const activated = await service.http.post('/canvas/orders-a/activate').set(AUTH).send({});
    expect(activated.status).toBe(200);
    expect(activated.body).toEqual({ success: true, data: { id: 'orders-a', active: true, activatedAt: expect.stringMatching(/Z$/) } });
    const taken = await service.http.post('/canvas/orders-b/activate').set(AUTH).send({});
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({
      success: false,
      error: { code: 'conflict', message: 'Workflow "orders-b" (orders-b) cannot be activated: the webhook "POST orders" of node "Webhook" is already used by active workflow "orders-a" (orders-a)' },
    });
    expect((await service.http.post('/webhook/orders').send({})).body).toEqual({ answer: 'a' });
    const deactivated = await service.http.post('/canvas/orders-a/deactivate').set(AUTH).send({});
    expect(deactivated.body).toEqual({ success: true, data: { id: 'orders-a', active: false, activatedAt: null } });
    expect((await service.http.post('/webhook/orders').send({})).status).toBe(404);
    expect((await service.http.post('/canvas/orders-b/activate').set(AUTH).send({})).status).toBe(200);
    expect((await service.http.post('/webhook/orders').send({})).body).toEqual({ answer: 'b' });
    await service.http.post('/canvas/orders-b/deactivate').set(AUTH).send({});
  });

  it('picks up a changed definition when activated again', async () => {
    await service.http.post('/canvas/orders-a/activate').set(AUTH).send({});
    service.writeWorkflow(hook('orders-a', 'orders', 'a, edited'));
    // Until activated again, the active version keeps answering (as in n8n).
    expect((await service.http.post('/webhook/orders').send({})).body).toEqual({ answer: 'a' });
    await service.http.post('/canvas/orders-a/activate').set(AUTH).send({});
    expect((await service.http.post('/webhook/orders').send({})).body).toEqual({ answer: 'a, edited' });
  });

  it('answers 404 for unknown workflows and refuses bodies', async () => {
    expect((await service.http.post('/canvas/ghost/activate').set(AUTH).send({})).body).toEqual({ success: false, error: { code: 'not_found', message: 'Workflow "ghost" was not found' } });
    const body = await service.http.post('/canvas/orders-a/deactivate').set(AUTH).send({ force: true });
    expect(body.status).toBe(400);
    expect(body.body.error.message).toBe("Invalid body of POST /canvas/:id/deactivate: Unrecognized key(s) in object: 'force'");
  });

  it('registers every active workflow again at start-up', async () => {
    await service.close();
    const restarted = await startTestService({ dir: service.dir });
    try {
      expect((await restarted.http.post('/webhook/orders').send({})).body).toEqual({ answer: 'a, edited' });
      const respond = await restarted.http.get('/webhook/respond-ok');
      expect(respond.status).toBe(200);
      expect(respond.text).toBe('');
      expect((await restarted.http.post('/webhook/respond-ok').send({})).body.error.message).toBe(
        'This webhook is not registered for POST requests. Did you mean to make a GET request?',
      );
    } finally {
      await restarted.close();
    }
  });
});
