import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowJson } from '../../src/workflow/types';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server';
import { AUTH, startTestService, type TestService } from './helpers/test-service';

/**
 * No secret ever leaves: a recognisable secret is planted in credentials, workflows that
 * succeed and that fail on the authenticated call run (at debug log level), and every byte
 * the service wrote (its data folder: SQLite files, WAL, outbox; its logs; its answers) is
 * searched for it.
 */

const SECRET = 'PLANTED-7c1e-secret-Z9';
const SECRET_USER = 'planted-user-Q4';

function workflow(id: string, url: string, credentials: WorkflowJson['nodes'][number]['credentials'], parameters: Record<string, unknown>, onError?: 'continueRegularOutput'): WorkflowJson {
  return {
    id,
    name: id,
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'Call', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url, options: {}, ...parameters } as never, credentials, ...(onError ? { onError } : {}) },
    ],
    connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('planted secret: zero hits in everything the service wrote', () => {
  let server: RecordingServer;
  let service: TestService;
  const logLines: string[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    server = await startRecordingServer((request) => {
      if (request.url.startsWith('/ok')) return { body: { ok: true } };
      if (request.url.startsWith('/denied')) return { status: 401, body: { error: 'bad key' } };
      if (request.url.startsWith('/token')) return { status: 400, body: { error: 'invalid_client' } };
      return { status: 500, body: 'server broke' };
    });
    service = await startTestService({ env: { CREDENTIALS_KEY: 'planted test key', LOG_LEVEL: 'debug' }, logLines });
  });
  afterAll(async () => {
    await server.close();
    service.cleanup();
  });

  it('runs succeeding and failing authenticated calls, then finds the secret nowhere', async () => {
    const keep = <T extends { text: string }>(response: T): T => {
      answers.push(response.text);
      return response;
    };
    const create = async (body: object) => keep(await service.http.post('/credentials').set(AUTH).send(body)).body.data.id as string;
    const header = await create({ name: 'Planted header', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: SECRET } });
    const basic = await create({ name: 'Planted basic', type: 'httpBasicAuth', data: { user: SECRET_USER, password: SECRET } });
    const bearer = await create({ name: 'Planted bearer', type: 'httpBearerAuth', data: { token: SECRET } });
    const query = await create({ name: 'Planted query', type: 'httpQueryAuth', data: { name: 'api_key', value: SECRET } });
    const oauth = await create({ name: 'Planted oauth', type: 'oAuth2Api', data: { grantType: 'clientCredentials', accessTokenUrl: `${server.url}/token`, clientId: SECRET_USER, clientSecret: SECRET } });
    const generic = (type: string) => ({ authentication: 'genericCredentialType', genericAuthType: type });
    const workflows = [
      workflow('ok-header', `${server.url}/ok`, { httpHeaderAuth: { id: header, name: 'Planted header' } }, generic('httpHeaderAuth')),
      workflow('ok-query', `${server.url}/ok`, { httpQueryAuth: { id: query, name: 'Planted query' } }, generic('httpQueryAuth')),
      workflow('denied-basic', `${server.url}/denied`, { httpBasicAuth: { id: basic, name: 'Planted basic' } }, generic('httpBasicAuth')),
      workflow('broken-bearer', `${server.url}/broken`, { httpBearerAuth: { id: bearer, name: 'Planted bearer' } }, generic('httpBearerAuth'), 'continueRegularOutput'),
      workflow('denied-query', `${server.url}/denied`, { httpQueryAuth: { id: query, name: 'Planted query' } }, { ...generic('httpQueryAuth'), options: { response: { response: { fullResponse: true, neverError: true } } } }),
      workflow('unreachable', 'http://127.0.0.1:1/nothing', { httpHeaderAuth: { id: header, name: 'Planted header' } }, generic('httpHeaderAuth')),
      workflow('oauth-refused', `${server.url}/ok`, { oAuth2Api: { id: oauth, name: 'Planted oauth' } }, generic('oAuth2Api')),
    ];
    const statuses: Record<string, string> = {};
    for (const entry of workflows) {
      service.writeWorkflow(entry);
      const executed = keep(await service.http.post(`/canvas/${entry.id}/execute`).set(AUTH).send({}));
      statuses[entry.id ?? ""] = executed.body.status;
      keep(await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH));
      keep(await service.http.get(`/canvas/${entry.id}/executions`).set(AUTH));
      keep(await service.http.get(`/canvas/${entry.id}/export`).set(AUTH));
    }
    expect(statuses).toEqual({
      'ok-header': 'success',
      'ok-query': 'success',
      'denied-basic': 'error',
      'broken-bearer': 'success',
      'denied-query': 'success',
      unreachable: 'error',
      'oauth-refused': 'error',
    });
    // The secrets did reach the server: the test plants them where they are used.
    expect(server.requests.some((request) => request.headers['x-api-key'] === SECRET)).toBe(true);
    expect(server.requests.some((request) => request.url.includes(SECRET))).toBe(true);

    keep(await service.http.get('/credentials').set(AUTH));
    for (const id of [header, basic, bearer, query, oauth]) keep(await service.http.get(`/credentials/${id}`).set(AUTH));
    keep(await service.http.get('/metrics').set(AUTH));
    await service.close();

    const hits: string[] = [];
    const search = (where: string, bytes: Buffer | string) => {
      const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
      for (const secret of [SECRET, SECRET_USER]) if (text.includes(secret)) hits.push(`${where} holds ${secret}`);
    };
    const written = filesUnder(path.join(service.dir, 'data'));
    expect(written.some((file) => file.endsWith('automator.sqlite'))).toBe(true);
    for (const file of written) search(file, fs.readFileSync(file));
    logLines.forEach((line, index) => search(`log line ${index}`, line));
    answers.forEach((answer, index) => search(`answer ${index}`, answer));
    expect(logLines.length).toBeGreaterThan(20);
    expect(hits).toEqual([]);
  });
});
