import type { JsonObject } from '../../src/workflow/json';
import type { NodeJson, WorkflowJson } from '../../src/workflow/types';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, chain } from './helpers/workflows';

const GRAPHQL = 'n8n-nodes-base.graphql';
const CODE = 'n8n-nodes-base.code';

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: JsonObject }>> }; error?: { message: string } }>>;

/** Manual Trigger -> Input (Code giving `inputs`) -> GraphQL. */
function graphqlWorkflow(id: string, parameters: JsonObject, extra: Partial<NodeJson> = {}, inputs: JsonObject[] = [{}]): WorkflowJson {
  return chain(id, [
    ['Start', MANUAL],
    ['Input', CODE, { jsCode: `return ${JSON.stringify(inputs.map((json) => ({ json })))};` }, { typeVersion: 2 }],
    ['GraphQL', GRAPHQL, parameters, { typeVersion: 1.1, ...extra }],
  ]);
}

describe('GraphQL node against a real local HTTP server', () => {
  let server: RecordingServer;
  let service: TestService;
  let endpoint: string;

  const workflows = (): WorkflowJson[] => [
    graphqlWorkflow('json-vars', {
      endpoint: `${endpoint}/graphql`,
      query: 'query Item($id: Int) { item(id: $id) { name } }',
      variables: '={{ JSON.stringify({ id: $json.id }) }}',
      operationName: 'Item',
      headerParametersUi: { parameter: [{ name: 'x-team', value: 'blue' }] },
    }, {}, [{ id: 1 }, { id: 2 }]),
    graphqlWorkflow('raw-v1', { endpoint: `${endpoint}/graphql`, query: '{ hello }' }, { typeVersion: 1 }),
    graphqlWorkflow('get', { requestMethod: 'GET', endpoint: `${endpoint}/graphql?lang=en`, query: '{ hello }', requestFormat: 'graphql' }),
    graphqlWorkflow('errors', { endpoint: `${endpoint}/errors`, query: '{ nope }' }),
    graphqlWorkflow('errors-continue', { endpoint: `${endpoint}/errors`, query: '{ nope }' }, { onError: 'continueRegularOutput' }),
    graphqlWorkflow('as-string', { endpoint: `${endpoint}/graphql`, requestFormat: 'graphql', query: '{ hello }', responseFormat: 'string', dataPropertyName: 'payload' }),
    graphqlWorkflow('not-json', { endpoint: `${endpoint}/text`, query: '{ hello }' }),
    graphqlWorkflow('bad-variables', { endpoint: `${endpoint}/graphql`, query: '{ hello }', variables: 'not json' }, { onError: 'continueRegularOutput' }),
    graphqlWorkflow('header-auth', { endpoint: `${endpoint}/graphql`, query: '{ me }', authentication: 'headerAuth' }, { credentials: { httpHeaderAuth: { id: 'h1', name: 'Shop token' } } }),
    graphqlWorkflow('basic-auth', { endpoint: `${endpoint}/graphql`, query: '{ me }', authentication: 'basicAuth' }, { credentials: { httpBasicAuth: { id: 'b1', name: 'Shop login' } } }),
    graphqlWorkflow('query-auth', { endpoint: `${endpoint}/graphql`, query: '{ me }', authentication: 'queryAuth' }, { credentials: { httpQueryAuth: { id: 'q1', name: 'Shop key' } } }),
    graphqlWorkflow('refused', { endpoint: 'http://127.0.0.1:1/graphql', query: '{ hello }' }),
  ];

  beforeAll(async () => {
    server = await startRecordingServer((request) => {
      const path = request.url.split('?')[0];
      if (path === '/errors') return { body: { errors: [{ message: 'Field "nope" not found' }, { message: 'Second problem' }], data: null } };
      if (path === '/text') return { body: 'not json at all' };
      return { body: { data: { seen: request.body } } };
    });
    endpoint = server.url;
    service = await startTestService({ workflows: workflows(), env: { CREDENTIALS_KEY: 'graphql-key' } });
    const credentials = service.built.credentials!;
    await credentials.create({ id: 'h1', name: 'Shop token', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'token-123' } });
    await credentials.create({ id: 'b1', name: 'Shop login', type: 'httpBasicAuth', data: { user: 'ann', password: 'pw' } });
    await credentials.create({ id: 'q1', name: 'Shop key', type: 'httpQueryAuth', data: { name: 'key', value: 'k 1' } });
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
    await server.close();
  });

  const run = async (canvas: string) => {
    server.requests.length = 0;
    const executed = await service.http.post(`/canvas/${canvas}/execute`).set(AUTH).send({});
    const record = (await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data;
    const runData = record.data.resultData.runData as RunData;
    return { status: record.status as string, error: record.data.resultData.error?.message as string | undefined, items: runData.GraphQL?.[0]?.data?.main[0]?.map((item) => item.json) };
  };

  it('POSTs JSON with query, variables and operation name per item, and answers with the data', async () => {
    const result = await run('json-vars');
    expect(result.status).toBe('success');
    expect(server.requests.map((request) => [request.method, request.url, request.headers['content-type'], request.headers['x-team'], JSON.parse(request.body)])).toEqual([
      ['POST', '/graphql', 'application/json', 'blue', { query: 'query Item($id: Int) { item(id: $id) { name } }', variables: { id: 1 }, operationName: 'Item' }],
      ['POST', '/graphql', 'application/json', 'blue', { query: 'query Item($id: Int) { item(id: $id) { name } }', variables: { id: 2 }, operationName: 'Item' }],
    ]);
    expect(result.items).toHaveLength(2);
    expect(result.items?.[0]).toEqual({ data: { seen: server.requests[0]?.body } });
  });

  it('sends the raw query as application/graphql in v1, and GET puts it in the query string', async () => {
    const raw = await run('raw-v1');
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: '{ hello }' });
    expect(server.requests[0]?.headers['content-type']).toBe('application/graphql');
    expect(raw.items).toEqual([{ data: { seen: '{ hello }' } }]);
    await run('get');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/graphql?lang=en&query=%7B+hello+%7D' });
  });

  it('fails on the answer\'s errors with their messages joined; continuing keeps the answer and the error', async () => {
    expect(await run('errors')).toMatchObject({ status: 'error', error: 'Field "nope" not found, Second problem' });
    const continued = await run('errors-continue');
    expect(continued.status).toBe('success');
    expect(continued.items).toEqual([{ errors: [{ message: 'Field "nope" not found' }, { message: 'Second problem' }], data: null }, { error: 'Field "nope" not found, Second problem' }]);
  });

  it('answers as a string field, and refuses a non-JSON answer for the JSON format', async () => {
    expect((await run('as-string')).items).toEqual([{ payload: JSON.stringify({ data: { seen: '{ hello }' } }) }]);
    expect(await run('not-json')).toMatchObject({ status: 'error', error: 'Response body is not valid JSON. Change "Response Format" to "String"' });
  });

  it('names bad variables, and sends nothing for them', async () => {
    const result = await run('bad-variables');
    expect(server.requests).toHaveLength(0);
    expect(result.items?.[0]?.error).toMatch(/^Using variables failed:\nnot json\n\nWith error message:\nSyntaxError: Unexpected token/);
  });

  it('authenticates with header, basic and query credentials from the store', async () => {
    await run('header-auth');
    expect(server.requests[0]?.headers['x-api-key']).toBe('token-123');
    await run('basic-auth');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
    await run('query-auth');
    expect(server.requests[0]?.url).toBe('/graphql?key=k+1');
  });

  it('fails with n8n\'s message when the server refuses the connection', async () => {
    expect(await run('refused')).toMatchObject({ status: 'error', error: 'The service refused the connection - perhaps it is offline' });
  });
});
