import nock from 'nock';
import { httpRequestNode } from '../../../../src/nodes/http/http-request';
import { FetchHttpClient } from '../../../../src/nodes/http/fetch-client';
import { NodeApiError } from '../../../../src/nodes/http/node-api-error';
import { NodeOperationError } from '../../../../src/errors';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../../../src/contracts/node-services';
import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items, type FakeContextOptions } from '../../../helpers/node-context';

/** An HttpClient that records requests and answers from a list. */
function fakeClient(...answers: Array<Partial<HttpResponse> & { json?: unknown; text?: string } | Error>) {
  const requests: HttpRequestOptions[] = [];
  const client: HttpClient = {
    request: async (options) => {
      requests.push(options);
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      const { json, text, ...rest } = answer;
      const body = rest.body ?? Buffer.from(json !== undefined ? JSON.stringify(json) : (text ?? ''));
      const contentType: Record<string, string> = json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {};
      return { statusCode: 200, statusMessage: 'OK', ...rest, headers: { ...contentType, ...(rest.headers ?? {}) }, body };
    },
  };
  return { client, requests };
}

async function run(parameters: JsonObject, client: HttpClient, options: FakeContextOptions = {}): Promise<Item[]> {
  const ctx = fakeContext({ type: httpRequestNode.type, typeVersion: 4.2, parameters, services: { http: client }, ...options });
  const result = await httpRequestNode.execute(ctx);
  if (result === null || !Array.isArray(result)) throw new Error('expected items');
  return result[0] ?? [];
}

describe('HTTP Request: building the request', () => {
  it('defaults to GET with n8n\'s Accept and User-Agent headers, following redirects, 5 min timeout', async () => {
    const { client, requests } = fakeClient({ json: { ok: true } });
    const output = await run({ url: 'http://invalid.test' }, client);
    expect(output).toEqual([{ json: { ok: true }, pairedItem: { item: 0 } }]);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: 'http://invalid.test',
      headers: {
        accept: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7',
        'user-agent': 'n8n',
      },
      timeoutMs: 300000,
      followRedirects: true,
    });
    expect(requests[0].body).toBeUndefined();
  });

  it('sends query parameters and lower-cased headers, per item', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run(
      {
        url: 'http://api.test/search?x=1',
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'q', value: '=per item' }, { name: 'tag', value: 'a b' }] },
        sendHeaders: true,
        headerParameters: { parameters: [{ name: 'X-Api-Key', value: 'k' }, { name: '', value: 'ignored' }] },
      },
      client,
      { inputs: [items({}, {})], perItem: [{ queryParameters: { parameters: [{ name: 'q', value: 'one' }] } }, { queryParameters: { parameters: [{ name: 'q', value: 'two' }] } }] },
    );
    expect(requests.map((request) => request.url)).toEqual(['http://api.test/search?x=1&q=one', 'http://api.test/search?x=1&q=two']);
    expect(requests[0].headers?.['x-api-key']).toBe('k');
  });

  it('v4.3 turns repeated query names into a list; JSON query objects use brackets', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run({ url: 'http://api.test/', sendQuery: true, queryParameters: { parameters: [{ name: 'id', value: '1' }, { name: 'id', value: '2' }] } }, client, { typeVersion: 4.3 });
    await run({ url: 'http://api.test/', sendQuery: true, specifyQuery: 'json', jsonQuery: '{"f":{"a":1},"l":[1,2]}' }, client);
    expect(requests.map((request) => request.url)).toEqual(['http://api.test/?id[]=1&id[]=2', 'http://api.test/?f[a]=1&l[]=1&l[]=2']);
  });

  it('sends a JSON body from fields (dotted names nest) or from JSON text', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run({ method: 'POST', url: 'http://api.test/', sendBody: true, bodyParameters: { parameters: [{ name: 'user.name', value: 'Ada' }, { name: 'n', value: 1 }] } }, client);
    await run({ method: 'POST', url: 'http://api.test/', sendBody: true, specifyBody: 'json', jsonBody: '{"a": [1, 2]}' }, client);
    expect(requests.map((request) => request.body?.toString())).toEqual(['{"user":{"name":"Ada"},"n":1}', '{"a":[1,2]}']);
    expect(requests[0].headers?.['content-type']).toBe('application/json');
  });

  it('sends form-urlencoded, raw and multipart bodies', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run({ method: 'POST', url: 'http://api.test/', sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: [{ name: 'a', value: 'x y' }, { name: 'b', value: '&' }] } }, client);
    await run({ method: 'PUT', url: 'http://api.test/', sendBody: true, contentType: 'raw', rawContentType: 'text/csv', body: 'a,b\n1,2' }, client);
    await run(
      { method: 'POST', url: 'http://api.test/', sendBody: true, contentType: 'multipart-form-data', bodyParameters: { parameters: [{ name: 'note', value: 'hi' }, { parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }] } },
      client,
      { inputs: [[{ json: {}, binary: { data: { data: Buffer.from('hello').toString('base64'), mimeType: 'text/plain', fileName: 'h.txt' } } }]] },
    );
    expect(requests[0].body?.toString()).toBe('a=x%20y&b=%26');
    expect(requests[0].headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    expect(requests[1].body?.toString()).toBe('a,b\n1,2');
    expect(requests[1].headers?.['content-type']).toBe('text/csv');
    const multipart = requests[2].body?.toString() ?? '';
    expect(requests[2].headers?.['content-type']).toMatch(/^multipart\/form-data; boundary=-+[0-9a-f]+$/);
    expect(multipart).toContain('Content-Disposition: form-data; name="note"\r\n\r\nhi\r\n');
    expect(multipart).toContain('Content-Disposition: form-data; name="file"; filename="h.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
  });

  it('v3 does not follow redirects unless told; timeout and redirect options are passed on', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run({ url: 'http://api.test/' }, client, { typeVersion: 3 });
    await run({ url: 'http://api.test/', options: { timeout: 1500, redirect: { redirect: { followRedirects: false } } } }, client);
    expect(requests[0].followRedirects).toBe(false);
    expect(requests[1]).toMatchObject({ timeoutMs: 1500, followRedirects: false });
  });

  it('refuses bad URLs with n8n\'s messages, or reports them per item when continuing', async () => {
    const { client } = fakeClient({ json: {} });
    await expect(run({ url: '' }, client)).rejects.toThrow('URL parameter cannot be empty');
    await expect(run({ url: 'ftp://x' }, client)).rejects.toThrow('Invalid URL: ftp://x. URL must start with "http" or "https".');
    const output = await run({ url: 'http://api.test/' }, client, { continueOnFail: true, inputs: [items({}, {})], perItem: [{ url: 'nope' }] });
    expect(output).toEqual([
      { json: { error: 'Invalid URL: nope. URL must start with "http" or "https".' }, pairedItem: { item: 0 } },
      { json: {}, pairedItem: { item: 1 } },
    ]);
  });

  it('refuses pagination and client certificates rather than ignoring them', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await expect(run({ url: 'http://api.test/', options: { pagination: { pagination: { paginationMode: 'responseContainsNextURL' } } } }, client)).rejects.toThrow(
      'Pagination is not supported by this service',
    );
    await expect(run({ url: 'http://api.test/', provideSslCertificates: true }, client)).rejects.toThrow('Client SSL certificates are not supported by this service');
    expect(requests).toEqual([]);
    await run({ url: 'http://api.test/', options: { pagination: { pagination: { paginationMode: 'off' } } } }, client);
    expect(requests).toHaveLength(1);
  });

  it('spaces batches out by the batch interval', async () => {
    const { client, requests } = fakeClient({ json: {} });
    const started = Date.now();
    await run({ url: 'http://api.test/', options: { batching: { batch: { batchSize: 1, batchInterval: 30 } } } }, client, { inputs: [items({}, {}, {})] });
    expect(requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('refuses invalid JSON in the JSON body', async () => {
    const { client } = fakeClient({ json: {} });
    const failure = run({ method: 'POST', url: 'http://api.test/', sendBody: true, specifyBody: 'json', jsonBody: '{oops' }, client);
    await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
    await expect(failure).rejects.toThrow('The value in the "JSON Body" field is not valid JSON');
  });
});

describe('HTTP Request: authentication', () => {
  const basic = { authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth', url: 'http://api.test/' };

  it('uses basic auth credentials given inline on the node', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run(basic, client, { node: { credentials: { httpBasicAuth: { id: '1', name: 'API', data: { user: 'ada', password: 'pw' } } } } });
    expect(requests[0].headers?.Authorization).toBe(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
  });

  it('uses header auth credentials from the parameters', async () => {
    const { client, requests } = fakeClient({ json: {} });
    await run({ ...basic, genericAuthType: 'httpHeaderAuth', credentials: { httpHeaderAuth: { name: 'X-Token', value: 's3cret' } } }, client);
    expect(requests[0].headers?.['X-Token']).toBe('s3cret');
  });

  it('explains missing credentials', async () => {
    const { client } = fakeClient({ json: {} });
    await expect(run(basic, client)).rejects.toThrow('Node "Test Node" does not have any credentials of type "httpBasicAuth" set');
    await expect(run(basic, client, { node: { credentials: { httpBasicAuth: { id: '1', name: 'API' } } } })).rejects.toThrow(
      'Credentials "API" of type "httpBasicAuth" cannot be used: this run has no credential store',
    );
  });
});

describe('HTTP Request: responses', () => {
  it('turns a JSON array into one item per element', async () => {
    const { client } = fakeClient({ json: [{ id: 1 }, { id: 2 }] });
    expect(await run({ url: 'http://api.test/' }, client)).toEqual([
      { json: { id: 1 }, pairedItem: { item: 0 } },
      { json: { id: 2 }, pairedItem: { item: 0 } },
    ]);
  });

  it('returns text under "data", or the full response', async () => {
    const { client } = fakeClient({ text: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(await run({ url: 'http://api.test/' }, client)).toEqual([{ json: { data: 'hello' }, pairedItem: { item: 0 } }]);
    const full = await run({ url: 'http://api.test/', options: { response: { response: { fullResponse: true } } } }, fakeClient({ json: { a: 1 } }).client);
    expect(full[0].json).toEqual({ body: { a: 1 }, headers: { 'content-type': 'application/json; charset=utf-8' }, statusCode: 200, statusMessage: 'OK' });
    const asText = await run({ url: 'http://api.test/', options: { response: { response: { responseFormat: 'text', outputPropertyName: 'raw' } } } }, fakeClient({ json: { a: 1 } }).client);
    expect(asText[0].json).toEqual({ raw: '{"a":1}' });
  });

  it('returns files as binary data', async () => {
    const { client } = fakeClient({ body: Buffer.from('%PDF-1'), headers: { 'content-type': 'application/pdf' } });
    const output = await run({ url: 'http://api.test/files/report.pdf' }, client, { inputs: [items({ keep: 1 })] });
    expect(output).toEqual([
      {
        json: { keep: 1 },
        binary: { data: { data: Buffer.from('%PDF-1').toString('base64'), mimeType: 'application/pdf', fileSize: '6 B', bytes: 6, fileType: 'pdf', fileExtension: 'pdf', fileName: 'report.pdf' } },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it('fails a 404 with n8n\'s NodeApiError message, description and code', async () => {
    const { client } = fakeClient({ statusCode: 404, statusMessage: 'Not Found', json: { message: 'No such order' } });
    const failure = run({ url: 'http://api.test/orders/9' }, client);
    await expect(failure).rejects.toBeInstanceOf(NodeApiError);
    await expect(failure).rejects.toMatchObject({
      message: 'The resource you are requesting could not be found',
      description: 'No such order',
      httpCode: '404',
      itemIndex: 0,
      nodeName: 'Test Node',
    });
  });

  it('maps other statuses to n8n\'s texts', async () => {
    const messageFor = async (statusCode: number, text = '') =>
      run({ url: 'http://api.test/' }, fakeClient({ statusCode, text }).client).catch((error: NodeApiError) => [error.message, error.description]);
    expect(await messageFor(400, 'bad field')).toEqual(['Bad request - please check your parameters', 'bad field']);
    expect(await messageFor(401)).toEqual(['Authorization failed - please check your credentials', '401 - ""']);
    expect(await messageFor(418)).toEqual(['Your request is invalid or could not be processed by the service', '418 - ""']);
    expect(await messageFor(503)).toEqual([
      'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
      '503 - ""',
    ]);
  });

  it('continues on fail with the failed request as the item\'s error', async () => {
    const { client } = fakeClient({ statusCode: 500, statusMessage: 'Internal Server Error', text: 'boom' });
    const output = await run({ url: 'http://api.test/' }, client, { continueOnFail: true });
    expect(output).toEqual([
      { json: { error: { message: '500 - "boom"', name: 'AxiosError', code: 'ERR_BAD_RESPONSE', status: 500 } }, pairedItem: { item: 0 } },
    ]);
  });

  it('v4.5 adds the error details when continuing', async () => {
    const { client } = fakeClient({ statusCode: 404, json: { message: 'gone' } });
    const output = await run({ url: 'http://api.test/' }, client, { continueOnFail: true, typeVersion: 4.5 });
    expect(output[0].json.details).toEqual({
      message: 'The resource you are requesting could not be found',
      description: 'gone',
      httpCode: '404',
      body: { message: 'gone' },
      context: { itemIndex: 0 },
    });
  });

  it('never-error returns the error response as data', async () => {
    const { client } = fakeClient({ statusCode: 404, json: { message: 'gone' } });
    const output = await run({ url: 'http://api.test/', options: { response: { response: { neverError: true } } } }, client);
    expect(output).toEqual([{ json: { message: 'gone' }, pairedItem: { item: 0 } }]);
  });

  it('describes a refused connection as n8n does', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const failure = run({ url: 'http://127.0.0.1:9/' }, fakeClient(refused).client);
    await expect(failure).rejects.toMatchObject({
      message: 'The service refused the connection - perhaps it is offline',
      description: 'connect ECONNREFUSED 127.0.0.1:9',
      httpCode: 'ECONNREFUSED',
    });
    const continued = await run({ url: 'http://127.0.0.1:9/' }, fakeClient(refused).client, { continueOnFail: true });
    expect(continued[0].json).toEqual({ error: { message: 'connect ECONNREFUSED 127.0.0.1:9', name: 'Error', code: 'ECONNREFUSED' } });
  });

  it('fails on an invalid JSON body announced as JSON', async () => {
    const { client } = fakeClient({ text: '{oops', headers: { 'content-type': 'application/json' } });
    await expect(run({ url: 'http://api.test/' }, client)).rejects.toThrow('Invalid JSON in response body');
  });
});

describe('HTTP Request over the fetch client (nock)', () => {
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.restore());

  it('makes the real request and parses the answer', async () => {
    const scope = nock('http://shop.test', { reqheaders: { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` } })
      .post('/orders', { item: 'book', qty: 2 })
      .query({ dry: 'true' })
      .reply(201, { id: 42 });
    const output = await run(
      {
        method: 'POST',
        url: 'http://shop.test/orders',
        authentication: 'genericCredentialType',
        genericAuthType: 'httpBasicAuth',
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'dry', value: 'true' }] },
        sendBody: true,
        bodyParameters: { parameters: [{ name: 'item', value: 'book' }, { name: 'qty', value: 2 }] },
      },
      new FetchHttpClient(),
      { node: { credentials: { httpBasicAuth: { user: 'u', password: 'p' } } } },
    );
    expect(output).toEqual([{ json: { id: 42 }, pairedItem: { item: 0 } }]);
    expect(scope.isDone()).toBe(true);
  });

  it('reports a 404 from the server with its message', async () => {
    nock('http://shop.test').get('/missing').reply(404, { error: { message: 'Order not found' } });
    await expect(run({ url: 'http://shop.test/missing' }, new FetchHttpClient())).rejects.toMatchObject({
      message: 'The resource you are requesting could not be found',
      description: 'Order not found',
      httpCode: '404',
    });
  });
});
