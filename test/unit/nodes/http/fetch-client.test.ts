import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { FetchHttpClient, HttpTransportError } from '../../../../src/nodes/http/fetch-client';

const client = new FetchHttpClient();

afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

describe('FetchHttpClient', () => {
  it('sends method, query, headers and body, and returns status, headers and body', async () => {
    const scope = nock('http://api.test', { reqheaders: { 'x-key': 'k1' } })
      .post('/orders', '{"a":1}')
      .query({ page: '2' })
      .reply(201, { id: 7 }, { 'Content-Type': 'application/json' });
    const response = await client.request({
      method: 'post',
      url: 'http://api.test/orders',
      query: { page: '2' },
      headers: { 'x-key': 'k1', 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString())).toEqual({ id: 7 });
    expect(scope.isDone()).toBe(true);
  });

  it('follows redirects, turning a 303 into a GET', async () => {
    nock('http://api.test').post('/start').reply(303, '', { Location: '/final' }).get('/final').reply(200, 'done');
    const response = await client.request({ method: 'POST', url: 'http://api.test/start', body: 'x' });
    expect(response.statusCode).toBe(200);
    expect(response.body.toString()).toBe('done');
  });

  it('returns the redirect itself when told not to follow, and stops after maxRedirects', async () => {
    nock('http://api.test').get('/a').reply(302, 'moved', { Location: '/b' });
    const response = await client.request({ method: 'GET', url: 'http://api.test/a', followRedirects: false });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/b');

    nock('http://api.test').get('/loop').times(3).reply(302, '', { Location: '/loop' });
    await expect(client.request({ method: 'GET', url: 'http://api.test/loop', maxRedirects: 2 })).rejects.toThrow('Maximum number of redirects exceeded');
  });

  it('drops the Authorization header on a redirect to another host', async () => {
    nock('http://one.test').get('/').reply(302, '', { Location: 'http://two.test/' });
    nock('http://two.test', { badheaders: ['authorization'] }).get('/').reply(200, 'ok');
    const response = await client.request({ method: 'GET', url: 'http://one.test/', headers: { Authorization: 'Bearer secret' } });
    expect(response.body.toString()).toBe('ok');
  });

  it('fails with ECONNABORTED after the timeout', async () => {
    const server = http.createServer((_request, response) => {
      setTimeout(() => response.end('late'), 1000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const { port } = server.address() as AddressInfo;
      const failure = client.request({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 50 });
      await expect(failure).rejects.toBeInstanceOf(HttpTransportError);
      await expect(failure).rejects.toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 50ms exceeded' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a refused connection with its system code', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    nock.enableNetConnect('127.0.0.1');
    await expect(client.request({ method: 'GET', url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({
      name: 'HttpTransportError',
      code: 'ECONNREFUSED',
    });
  });

  it('reports a refused connection on a port fetch blocks (9) as n8n would, not as "bad port"', async () => {
    nock.enableNetConnect('127.0.0.1');
    await expect(client.request({ method: 'GET', url: 'http://127.0.0.1:9/never' })).rejects.toMatchObject({
      name: 'HttpTransportError',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
      code: 'ECONNREFUSED',
    });
  });

  it('honours the caller\'s abort signal', async () => {
    nock('http://api.test').get('/slow').delay(500).reply(200, 'late');
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', url: 'http://api.test/slow', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
