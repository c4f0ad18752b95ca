import type { WorkflowJson } from '../../src/workflow/types';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, NOOP, chain } from './helpers/workflows';

const HTTP = 'n8n-nodes-base.httpRequest';

function callWith(id: string, url: string, credentials: WorkflowJson['nodes'][number]['credentials'], extra: Partial<WorkflowJson['nodes'][number]> = {}): WorkflowJson {
  const workflow = chain(id, [
    ['Start', MANUAL],
    ['Call Shop', HTTP, { url, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', options: {} }, { typeVersion: 4.2, credentials, ...extra }],
    ['After', NOOP],
  ]);
  return workflow;
}

describe('nodes get their credentials from the encrypted store', () => {
  let server: RecordingServer;
  let service: TestService | undefined;

  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await service?.close();
    service?.cleanup();
    service = undefined;
  });

  const execute = async (canvas: string) => {
    const executed = await service!.http.post(`/canvas/${canvas}/execute`).set(AUTH).send({});
    return (await service!.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data;
  };

  it('resolves the reference by id, then by name, and sends the header', async () => {
    service = await startTestService({
      workflows: [
        callWith('by-id', `${server.url}/by-id`, { httpHeaderAuth: { id: '7', name: 'Renamed since' } }),
        callWith('by-name', `${server.url}/by-name`, { httpHeaderAuth: { id: 'from-another-n8n', name: 'Shop API' } }),
      ],
      env: { CREDENTIALS_KEY: 'key-one' },
    });
    await service.built.credentials!.create({ id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'planted-secret-123' } });
    server.requests.length = 0;
    expect((await execute('by-id')).status).toBe('success');
    expect((await execute('by-name')).status).toBe('success');
    expect(server.requests.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
      ['/by-id', 'planted-secret-123'],
      ['/by-name', 'planted-secret-123'],
    ]);
  });

  it('resolves expressions inside credential fields for the item', async () => {
    service = await startTestService({ workflows: [callWith('expr', `${server.url}/expr`, { httpHeaderAuth: { id: '9', name: 'Computed' } })], env: { CREDENTIALS_KEY: 'key-one' } });
    await service.built.credentials!.create({ id: '9', name: 'Computed', type: 'httpHeaderAuth', data: { name: 'X-Run', value: '={{ "token-" + (1 + 1) }}' } });
    server.requests.length = 0;
    expect((await execute('expr')).status).toBe('success');
    expect(server.requests[0].headers['x-run']).toBe('token-2');
  });

  it('a wrong CREDENTIALS_KEY fails that node with a message naming the credential', async () => {
    const workflows = [
      callWith('wrong-key', `${server.url}/k`, { httpHeaderAuth: { id: '7', name: 'Shop API' } }),
      callWith('wrong-key-continue', `${server.url}/k`, { httpHeaderAuth: { id: '7', name: 'Shop API' } }, { onError: 'continueRegularOutput' }),
    ];
    service = await startTestService({ workflows, env: { CREDENTIALS_KEY: 'key-one' } });
    await service.built.credentials!.create({ id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'planted-secret-123' } });
    await service.close();
    service = await startTestService({ dir: service.dir, env: { CREDENTIALS_KEY: 'key-two' } });
    server.requests.length = 0;

    const failed = await execute('wrong-key');
    expect(failed.status).toBe('error');
    expect(failed.data.resultData.lastNodeExecuted).toBe('Call Shop');
    expect(failed.data.resultData.error).toMatchObject({
      message: 'Credentials "Shop API" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with',
      description: 'Node "Call Shop" of workflow "wrong-key" uses credentials "Shop API" of type "httpHeaderAuth" (id "7")',
    });
    // The node failed; nothing was sent, and the run never reached the next node.
    expect(server.requests).toEqual([]);
    expect(failed.data.resultData.runData.After).toBeUndefined();

    const continued = await execute('wrong-key-continue');
    expect(continued.status).toBe('success');
    expect(continued.data.resultData.runData['Call Shop'][0].data.main[0][0].json).toEqual({
      error: 'Credentials "Shop API" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with',
    });
    expect(continued.data.resultData.runData.After).toHaveLength(1);
  });

  it('names a reference that matches nothing', async () => {
    service = await startTestService({ workflows: [callWith('missing', `${server.url}/m`, { httpHeaderAuth: { id: '404', name: 'Nowhere' } })], env: { CREDENTIALS_KEY: 'key-one' } });
    const failed = await execute('missing');
    expect(failed.data.resultData.error.message).toBe('Credentials "Nowhere" of type "httpHeaderAuth" do not exist: create them or fix the node\'s reference');
  });
});
