import { createHash } from 'node:crypto';
import type { JsonObject } from '../../src/workflow/json';
import type { NodeJson, WorkflowJson } from '../../src/workflow/types';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '../helpers/recording-server';
import { AUTH, startTestService, type TestService } from './helpers/test-service';

/**
 * What each credential type makes the HTTP Request node send, against a real local server.
 * The expected headers, queries and bodies are what the real n8n 2.40.7 sent for the same
 * workflow and credentials (recorded once against an equivalent server).
 */

const CREDENTIALS: Array<{ id: string; name: string; type: string; data: JsonObject }> = [
  { id: 'basic1', name: 'Basic login', type: 'httpBasicAuth', data: { user: 'ada', password: 'pw-secret' } },
  { id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'planted-secret-123' } },
  { id: 'bear1', name: 'Bearer', type: 'httpBearerAuth', data: { token: 'bearer-secret' } },
  { id: 'query1', name: 'Query', type: 'httpQueryAuth', data: { name: 'api_key', value: 'query-secret' } },
  { id: 'custom1', name: 'Custom', type: 'httpCustomAuth', data: { json: '{"headers":{"X-Custom":"custom-secret"},"qs":{"cq":"1"},"body":{"cb":"2"}}' } },
  { id: 'digest1', name: 'Digest', type: 'httpDigestAuth', data: { user: 'dave', password: 'digest-secret' } },
  { id: 'cc1', name: 'Client creds', type: 'oAuth2Api', data: { grantType: 'clientCredentials', accessTokenUrl: '', clientId: 'cid', clientSecret: 'csecret', scope: 'read', authentication: 'header' } },
  {
    id: 'code1',
    name: 'Code flow',
    type: 'oAuth2Api',
    data: { grantType: 'authorizationCode', accessTokenUrl: '', clientId: 'cid', clientSecret: 'csecret', authentication: 'body', oauthTokenData: { access_token: 'old-token', refresh_token: 'r-old', token_type: 'Bearer' } },
  },
  { id: 'oai1', name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'sk-secret', url: 'http://unused.test/v1' } },
];

const generic = (type: string): JsonObject => ({ authentication: 'genericCredentialType', genericAuthType: type });
const predefined = (type: string): JsonObject => ({ authentication: 'predefinedCredentialType', nodeCredentialType: type });

function callWorkflow(id: string, url: string, parameters: JsonObject, credentials: NodeJson['credentials']): WorkflowJson {
  return {
    id,
    name: id,
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'Call', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: { url, options: {}, ...parameters }, credentials },
    ],
    connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

/** Headers every request carries (the node's and the HTTP client's), which authentication does not touch. */
const USUAL_HEADERS = ['host', 'connection', 'accept-encoding', 'user-agent', 'accept', 'content-length', 'accept-language', 'sec-fetch-mode'];

/** The headers that authentication concerns. */
function authHeaders(request: RecordedRequest): Record<string, string | string[] | undefined> {
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => !USUAL_HEADERS.includes(name)));
}

describe('credential types: what the HTTP Request node sends (n8n-exact)', () => {
  let server: RecordingServer;
  let service: TestService;
  let tokenCalls = 0;

  beforeAll(async () => {
    server = await startRecordingServer((request) => {
      if (request.url.startsWith('/token')) {
        tokenCalls += 1;
        return { body: { access_token: `tok-${tokenCalls}`, token_type: 'bearer', expires_in: 3600, refresh_token: `ref-${tokenCalls}` } };
      }
      if (request.url.startsWith('/digest') && request.headers.authorization === undefined) {
        return { status: 401, headers: { 'www-authenticate': 'Digest realm="test", nonce="abc123", qop="auth", opaque="op1"' }, body: {} };
      }
      if (request.url.startsWith('/expired') && request.headers.authorization === 'Bearer old-token') return { status: 401, body: { error: 'expired' } };
      if (request.url.startsWith('/revoked')) return { status: 401, body: { error: 'expired' } };
      return { body: { ok: true } };
    });
    service = await startTestService({ env: { CREDENTIALS_KEY: 'types test key' } });
    for (const credential of CREDENTIALS) {
      const data = credential.type === 'oAuth2Api' ? { ...credential.data, accessTokenUrl: `${server.url}/token` } : credential.data;
      await service.built.credentials!.create({ ...credential, data });
    }
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
    await server.close();
  });

  async function run(parameters: JsonObject, credentials: NodeJson['credentials'], path: string): Promise<{ status: string; requests: RecordedRequest[]; execution: JsonObject }> {
    const id = `w${Math.random().toString(36).slice(2, 8)}`;
    service.writeWorkflow(callWorkflow(id, `${server.url}${path}`, parameters, credentials));
    const before = server.requests.length;
    const executed = await service.http.post(`/canvas/${id}/execute`).set(AUTH).send({});
    const execution = (await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data;
    return { status: executed.body.status, requests: server.requests.slice(before), execution };
  }

  it('httpBasicAuth: an Authorization Basic header', async () => {
    const { status, requests } = await run(generic('httpBasicAuth'), { httpBasicAuth: { id: 'basic1', name: 'Basic login' } }, '/basic');
    expect(status).toBe('success');
    expect(requests.map(authHeaders)).toEqual([{ authorization: 'Basic YWRhOnB3LXNlY3JldA==' }]);
  });

  it('httpHeaderAuth: the named header', async () => {
    const { requests } = await run(generic('httpHeaderAuth'), { httpHeaderAuth: { id: '7', name: 'Shop API' } }, '/header');
    expect(requests.map(authHeaders)).toEqual([{ 'x-api-key': 'planted-secret-123' }]);
  });

  it('httpBearerAuth: Authorization Bearer', async () => {
    const { requests } = await run(generic('httpBearerAuth'), { httpBearerAuth: { id: 'bear1', name: 'Bearer' } }, '/bearer');
    expect(requests.map(authHeaders)).toEqual([{ authorization: 'Bearer bearer-secret' }]);
  });

  it('httpQueryAuth: the query parameter after the URL\'s own', async () => {
    const { requests } = await run(generic('httpQueryAuth'), { httpQueryAuth: { id: 'query1', name: 'Query' } }, '/query?x=1');
    expect(requests.map((request) => [request.url, authHeaders(request)])).toEqual([['/query?x=1&api_key=query-secret', {}]]);
  });

  it('httpCustomAuth: headers, qs and body merged in (a body of its own when the node sends none)', async () => {
    const withBody = await run({ ...generic('httpCustomAuth'), method: 'POST', sendBody: true, bodyParameters: { parameters: [{ name: 'a', value: 'b' }] } }, { httpCustomAuth: { id: 'custom1', name: 'Custom' } }, '/custom');
    expect(withBody.requests.map((request) => [request.url, authHeaders(request), request.body])).toEqual([['/custom?cq=1', { 'content-type': 'application/json', 'x-custom': 'custom-secret' }, '{"a":"b","cb":"2"}']]);
    const without = await run({ ...generic('httpCustomAuth'), method: 'POST' }, { httpCustomAuth: { id: 'custom1', name: 'Custom' } }, '/custom-nobody');
    expect(without.requests.map((request) => [request.url, authHeaders(request), request.body])).toEqual([['/custom-nobody?cq=1', { 'content-type': 'application/json', 'x-custom': 'custom-secret' }, '{"cb":"2"}']]);
  });

  it('httpDigestAuth: first without, then the digest answer to the 401 challenge', async () => {
    const { status, requests } = await run(generic('httpDigestAuth'), { httpDigestAuth: { id: 'digest1', name: 'Digest' } }, '/digest/p?q=1');
    expect(status).toBe('success');
    expect(requests).toHaveLength(2);
    expect(authHeaders(requests[0])).toEqual({});
    const header = String(requests[1].headers.authorization);
    const cnonce = /cnonce="([0-9a-f]{48})"/.exec(header)?.[1] ?? '';
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const expected = md5(`${md5('dave:test:digest-secret')}:abc123:000000001:${cnonce}:auth:${md5('GET:/digest/p?q=1')}`);
    expect(header).toBe(`Digest username="dave",realm="test",nonce="abc123",uri="/digest/p?q=1",qop="auth",algorithm="MD5",response="${expected}",nc="000000001",cnonce="${cnonce}",opaque="op1"`);
  });

  it('oAuth2Api client credentials: fetches a token (Basic client auth, form body), signs, stores the token encrypted', async () => {
    const { status, requests } = await run(generic('oAuth2Api'), { oAuth2Api: { id: 'cc1', name: 'Client creds' } }, '/oauth-cc');
    expect(status).toBe('success');
    expect(requests.map((request) => [request.method, request.url.replace(/^\/token.*/, '/token'), authHeaders(request), request.body])).toEqual([
      ['POST', '/token', { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic Y2lkOmNzZWNyZXQ=' }, 'grant_type=client_credentials&scope=read'],
      ['GET', '/oauth-cc', { authorization: `Bearer tok-${tokenCalls}` }, ''],
    ]);
    expect(requests[0].headers.accept).toBe('application/json, application/x-www-form-urlencoded');
    const stored = await service.built.credentials!.resolve('oAuth2Api', { id: 'cc1' });
    expect(stored.data.oauthTokenData).toMatchObject({ access_token: `tok-${tokenCalls}`, n8n_expires_at: expect.stringMatching(/^\d+$/) });
    // The next run reuses the stored token: no token call.
    const again = await run(generic('oAuth2Api'), { oAuth2Api: { id: 'cc1', name: 'Client creds' } }, '/oauth-cc');
    expect(again.requests.map((request) => request.url)).toEqual(['/oauth-cc']);
  });

  it('oAuth2Api authorization code: a 401 refreshes with the refresh token, retries, writes the new tokens back', async () => {
    const { status, requests } = await run(generic('oAuth2Api'), { oAuth2Api: { id: 'code1', name: 'Code flow' } }, '/expired');
    expect(status).toBe('success');
    expect(requests.map((request) => [request.method, request.url, authHeaders(request), request.body])).toEqual([
      ['GET', '/expired', { authorization: 'Bearer old-token' }, ''],
      ['POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, 'refresh_token=r-old&grant_type=refresh_token&client_id=cid&client_secret=csecret'],
      ['GET', '/expired', { authorization: `Bearer tok-${tokenCalls}` }, ''],
    ]);
    const stored = await service.built.credentials!.resolve('oAuth2Api', { id: 'code1' });
    expect(stored.data.oauthTokenData).toMatchObject({ access_token: `tok-${tokenCalls}`, refresh_token: `ref-${tokenCalls}` });
    // Encrypted in the database: the new token is nowhere in clear.
    const row = await service.built.stores.credentials!.get('code1');
    expect(row?.ciphertext).not.toContain(`tok-${tokenCalls}`);
  });

  it('a refresh the token endpoint refuses says so', async () => {
    server.reply((request) => {
      if (request.url.startsWith('/token')) return { status: 400, body: { error: 'invalid_grant' } };
      return { status: 401, body: { error: 'expired' } };
    });
    try {
      const { status, execution } = await run(generic('oAuth2Api'), { oAuth2Api: { id: 'code1', name: 'Code flow' } }, '/revoked');
      expect(status).toBe('error');
      expect((execution.data as { resultData: { error: JsonObject } }).resultData.error).toMatchObject({ message: 'The credential "Code flow" needs to be reconnected.' });
      server.reply((request) => (request.url.startsWith('/token') ? { status: 500, body: 'down' } : { status: 401, body: {} }));
      const down = await run(generic('oAuth2Api'), { oAuth2Api: { id: 'code1', name: 'Code flow' } }, '/revoked');
      expect((down.execution.data as { resultData: { error: JsonObject } }).resultData.error).toMatchObject({
        message: 'The OAuth2 token of credential "Code flow" could not be refreshed: the token endpoint answered 500 with a body that is not JSON',
      });
    } finally {
      server.reply((request) => (request.url.startsWith('/token') ? { body: { access_token: 'tok-x', token_type: 'bearer' } } : { body: { ok: true } }));
    }
  });

  it('predefinedCredentialType: the type\'s own authenticate (none for basic auth, as in n8n)', async () => {
    const header = await run(predefined('httpHeaderAuth'), { httpHeaderAuth: { id: '7', name: 'Shop API' } }, '/pre-header');
    expect(header.requests.map(authHeaders)).toEqual([{ 'x-api-key': 'planted-secret-123' }]);
    const basic = await run(predefined('httpBasicAuth'), { httpBasicAuth: { id: 'basic1', name: 'Basic login' } }, '/pre-basic');
    expect(basic.requests.map(authHeaders)).toEqual([{}]);
    const openAi = await run(predefined('openAiApi'), { openAiApi: { id: 'oai1', name: 'OpenAI' } }, '/pre-openai');
    expect(openAi.requests.map(authHeaders)).toEqual([{ authorization: 'Bearer sk-secret', 'openai-organization': '' }]);
  });
});
