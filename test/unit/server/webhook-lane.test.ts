import { Readable, Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import type { WebhookReply } from '../../../src/contracts/node-services';
import { NotFoundError } from '../../../src/errors';
import { createLogger } from '../../../src/logging';
import { Metrics } from '../../../src/metrics/metrics';
import type { AppDependencies } from '../../../src/server/app-dependencies';
import { errorHandler } from '../../../src/server/http-errors';
import { requestLog } from '../../../src/server/request-log';
import { writeWebhookReply } from '../../../src/server/webhook-response';
import { withWebhookLane } from '../../../src/server/webhook-lane';
import type { WebhookCall } from '../../../src/triggers/webhooks/webhook-handler';

/**
 * The lane must answer exactly as express did: the same handler is served both ways (the
 * express route alone, and the lane in front of it) and the answers compared byte for byte.
 */
function serve(reply: (call: WebhookCall, body: string) => WebhookReply | Promise<WebhookReply>, options: { accepting?: boolean } = {}) {
  const lines: string[] = [];
  const logger = createLogger('http', {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        callback();
      },
    }),
  });
  const metrics = new Metrics({ running: () => 0, queued: () => 0 }, { defaultMetrics: false });
  const calls: WebhookCall[] = [];
  const webhooks = {
    handle: async (call: WebhookCall): Promise<WebhookReply> => {
      calls.push(call);
      const chunks: Buffer[] = [];
      for await (const chunk of call.body as Readable) chunks.push(chunk as Buffer);
      return reply(call, Buffer.concat(chunks).toString('utf8'));
    },
  };
  const deps = { webhooks, logger, metrics, lifecycle: { accepting: options.accepting ?? true } } as unknown as AppDependencies;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(requestLog(logger, metrics));
  app.all('/webhook/*path', async (req, res) => {
    writeWebhookReply(res, await webhooks.handle({ method: req.method, path: req.path.slice('/webhook/'.length), headers: req.headers, query: JSON.parse(JSON.stringify(req.query)), body: req }));
  });
  const onError = errorHandler(logger);
  app.use(onError);
  return { viaExpress: request(app), viaLane: request(withWebhookLane(() => app, deps, onError)), calls, lines, metrics };
}

/** What a client sees, without the headers that change from call to call. */
function seen(response: request.Response) {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...headers } = response.headers;
  return { status: response.status, headers, text: response.text };
}

const REPLIES: Array<[string, WebhookReply]> = [
  ['a JSON object', { statusCode: 200, headers: {}, body: { greeting: 'Hello é', n: 1 } }],
  ['a JSON array with a status and a header', { statusCode: 201, headers: { 'x-run': 'r1' }, body: [1, 'two', null] }],
  ['a JSON number', { statusCode: 200, headers: {}, body: 5 }],
  ['JSON null', { statusCode: 200, headers: {}, body: null }],
  ['text', { statusCode: 200, headers: {}, body: 'plain ✓' }],
  ['text with a type the workflow chose', { statusCode: 200, headers: { 'content-type': 'text/html; charset=iso-8859-1' }, body: '<b>hi</b>' }],
  ['JSON with a type the workflow chose', { statusCode: 200, headers: { 'Content-Type': 'application/vnd.api+json' }, body: { a: 1 } }],
  ['bytes', { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3]) }],
  ['no body', { statusCode: 200, headers: {}, body: undefined }],
  ['204 with a JSON body', { statusCode: 204, headers: {}, body: { dropped: true } }],
  ['205 with text', { statusCode: 205, headers: {}, body: 'dropped' }],
  ['a redirect', { statusCode: 307, headers: { location: 'https://example.com/next' }, body: undefined }],
];

describe('production webhook lane', () => {
  it.each(REPLIES)('answers %s exactly as express', async (_case, reply) => {
    const { viaExpress, viaLane } = serve(() => reply);
    const expected = seen(await viaExpress.post('/webhook/hook/a?x=1&x=2&y=z').send({ v: 1 }));
    const actual = seen(await viaLane.post('/webhook/hook/a?x=1&x=2&y=z').send({ v: 1 }));
    expect(actual).toEqual(expected);
  });

  it('hands the handler the same call as express: method, path, query, headers and body', async () => {
    const { viaExpress, viaLane, calls } = serve((_call, body) => ({ statusCode: 200, headers: {}, body }));
    const answers = [await viaExpress.patch('/webhook/a/b%20c/?q=1&q=2&r=').set('x-tag', 't').send('{"k":"v"}'), await viaLane.patch('/webhook/a/b%20c/?q=1&q=2&r=').set('x-tag', 't').send('{"k":"v"}')];
    expect(answers.map((answer) => answer.text)).toEqual(['{"k":"v"}', '{"k":"v"}']);
    const [viaRouter, viaLaneCall] = calls.map(({ method, path, query, headers }) => ({ method, path, query, tag: headers['x-tag'] }));
    expect(viaLaneCall).toEqual({ method: 'PATCH', path: 'a/b%20c/', query: { q: ['1', '2'], r: '' }, tag: 't' });
    expect(viaLaneCall).toEqual(viaRouter);
  });

  it('streams a stored file', async () => {
    const { viaLane } = serve(() => ({ statusCode: 200, headers: { 'content-type': 'text/csv' }, body: Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]) }));
    const answer = await viaLane.post('/webhook/file');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('a,b\n1,2\n');
  });

  it('answers a failure with the same envelope and status as express', async () => {
    const { viaExpress, viaLane } = serve(() => {
      throw new NotFoundError('The requested webhook "POST nope" is not registered.');
    });
    const expected = seen(await viaExpress.post('/webhook/nope'));
    const actual = seen(await viaLane.post('/webhook/nope'));
    expect(actual.status).toBe(404);
    expect(JSON.parse(actual.text)).toEqual({ success: false, error: { code: 'not_found', message: 'The requested webhook "POST nope" is not registered.' } });
    expect(actual).toEqual(expected);
  });

  it('logs and counts each call without its path, as the express log does', async () => {
    const { viaLane, lines, metrics } = serve(() => ({ statusCode: 202, headers: {}, body: { ok: true } }));
    await viaLane.post('/webhook/secret-token-123').send({});
    const line = JSON.parse(lines.find((text) => text.includes('"request"')) ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'http', method: 'POST', path: '/webhook/[path]', status: 202 });
    expect(lines.join('\n')).not.toContain('secret-token-123');
    expect(await metrics.render().then((m) => m.body)).toContain('automator_http_requests_total{method="POST",route="webhook",status="202"} 1');
  });

  it('leaves GET, HEAD, other paths and a draining service to express', async () => {
    const { viaLane, calls } = serve(() => ({ statusCode: 200, headers: {}, body: 'x' }));
    expect((await viaLane.get('/webhook/a')).text).toBe('x');
    expect((await viaLane.head('/webhook/a')).text).toBeUndefined();
    expect((await viaLane.post('/webhook/')).status).toBe(404);
    expect(calls).toHaveLength(2);
    const draining = serve(() => ({ statusCode: 200, headers: {}, body: 'x' }), { accepting: false });
    // The express app of this test has no draining middleware: the call reaches its route, not the lane.
    expect((await draining.viaLane.post('/webhook/a')).text).toBe('x');
  });
});
