import { AUTH, startTestService, type TestService } from '../../integration/helpers/test-service';
import { MANUAL, chain } from '../../integration/helpers/workflows';

/*
 * The Odoo node with an `odooApi` credential reaching an Odoo that is not the sidecar's: an
 * embedded-mode service (no ODOO_URL of its own) reads the live Odoo of the environment as
 * its admin. Skipped without ODOO_URL, ODOO_DB, ODOO_ADMIN_USER and ODOO_ADMIN_PASSWORD.
 */
const env = process.env;
const live = env.ODOO_URL && env.ODOO_DB && env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD ? describe : describe.skip;

const reader = chain('other-odoo', [
  ['Start', MANUAL],
  [
    'Odoo',
    'n8n-nodes-base.odoo',
    { resource: 'custom', operation: 'getAll', customResource: 'res.users', returnAll: false, limit: 5, filterRequest: { filter: [{ fieldName: 'login', operator: 'equal', value: env.ODOO_ADMIN_USER ?? '' }] }, options: { fieldsList: ['login'] } },
    { credentials: { odooApi: { id: 'other', name: 'Other Odoo' } } },
  ],
]);

live('Odoo node with odooApi credentials against a live Odoo 18', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workflows: [reader], env: { CREDENTIALS_KEY: 'odoo api live key' } });
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('reads records of that Odoo with the credential`s login; a wrong password fails the node, without the password', async () => {
    await service.built.credentials!.create({ id: 'other', name: 'Other Odoo', type: 'odooApi', data: { url: `${env.ODOO_URL}/`, db: env.ODOO_DB ?? '', username: env.ODOO_ADMIN_USER ?? '', password: env.ODOO_ADMIN_PASSWORD ?? '' } });
    const done = await service.http.post('/canvas/other-odoo/execute').set(AUTH).send({});
    expect(done.body.status).toBe('success');
    const execution = (await service.http.get(`/executions/${done.body.executionId}`).set(AUTH)).body.data;
    const rows = execution.data.resultData.runData.Odoo[0].data.main[0].map((item: { json: unknown }) => item.json);
    expect(rows).toEqual([{ id: expect.any(Number), login: env.ODOO_ADMIN_USER }]);

    const wrongPassword = 'wrong-password-3c9f';
    await service.built.credentials!.patch('other', { data: { password: wrongPassword } });
    const failed = await service.http.post('/canvas/other-odoo/execute').set(AUTH).send({});
    expect(failed.body.status).toBe('error');
    const record = (await service.http.get(`/executions/${failed.body.executionId}`).set(AUTH)).body.data;
    expect(record.data.resultData.lastNodeExecuted).toBe('Odoo');
    expect(record.data.resultData.error.message).toMatch(/Odoo/);
    expect(JSON.stringify(record)).not.toContain(wrongPassword);
  }, 60_000);
});
