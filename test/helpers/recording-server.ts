import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type ReplyHandler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Changes how the next requests are answered (default: 200 `{"ok": true}`). */
  reply(handler: ReplyHandler): void;
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port that records every request it gets. */
export async function startRecordingServer(handler?: ReplyHandler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let current: ReplyHandler = handler ?? (() => ({ body: { ok: true } }));
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const recorded: RecordedRequest = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      void Promise.resolve(current(recorded)).then((reply) => {
        const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json';
        response.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
        response.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
