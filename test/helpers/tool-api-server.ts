import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The small JSON API the HTTP Request tools of the AI fixtures call (the same routes the
 * differential runs served n8n on 127.0.0.1:21420): GET /price?product=, GET /fail (500),
 * any method on /echo (query and JSON body back), GET /list (two items).
 */
export interface ToolApiServer {
  /** `127.0.0.1:<port>`, to put where a fixture names 127.0.0.1:21420. */
  readonly host: string;
  readonly requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

/** The address the fixtures were recorded with. */
export const FIXTURE_TOOL_API_HOST = '127.0.0.1:21420';

export async function startToolApiServer(): Promise<ToolApiServer> {
  const requests: ToolApiServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname });
      const send = (status: number, value: unknown): void => {
        const text = JSON.stringify(value);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (url.pathname === '/price') {
        const product = url.searchParams.get('product');
        send(200, { product, price: product === 'apple' ? 1.25 : 2.5, currency: 'EUR' });
      } else if (url.pathname === '/fail') {
        send(500, { error: { message: 'price service down' } });
      } else if (url.pathname === '/echo') {
        send(200, { method: req.method, query: Object.fromEntries(url.searchParams), body: body ? (JSON.parse(body) as unknown) : null });
      } else if (url.pathname === '/list') {
        send(200, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      } else {
        send(404, { error: 'not found' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
