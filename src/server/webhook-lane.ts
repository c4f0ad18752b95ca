import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Readable } from 'node:stream';
import type { ErrorRequestHandler, Express, Request, Response } from 'express';
import type { WebhookReply } from '../contracts/node-services';
import type { JsonObject } from '../workflow/json';
import type { AppDependencies } from './app-dependencies';
import { observeRequest } from './request-log';
import { writeWebhookReply } from './webhook-response';

const PREFIX = '/webhook/';
/** What express (parseurl) would not read as a plain path: a fragment or white space. */
const UNUSUAL_URL = /[#\s]/;
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * The path of a production webhook call this lane takes, or undefined for everything else.
 * GET and HEAD stay with express: only they have conditional answers (304) and bodiless
 * replies (HEAD), which express works out.
 */
function lanePath(req: IncomingMessage): string | undefined {
  const url = req.url ?? '';
  if (req.method === 'GET' || req.method === 'HEAD' || !url.startsWith(PREFIX) || UNUSUAL_URL.test(url)) return undefined;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  return path.length > PREFIX.length ? path : undefined;
}

/** Express's "simple" query parser (node:querystring), as plain JSON. */
function queryOf(url: string): JsonObject {
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return {};
  return JSON.parse(JSON.stringify(parseQuery(url.slice(queryAt + 1)))) as JsonObject;
}

/**
 * Writes `reply` as express's `writeWebhookReply` would, for the shapes it can write
 * without express (no content type chosen by the workflow, or express's own JSON type);
 * false when express must write it.
 */
function writePlain(res: ServerResponse, reply: WebhookReply): boolean {
  const { statusCode, body } = reply;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) return false;
  const chosenType = Object.keys(reply.headers).some((name) => name.toLowerCase() === 'content-type');
  const isText = typeof body === 'string';
  const isJson = body !== undefined && !isText && !Buffer.isBuffer(body) && !(body instanceof Readable);
  if ((isText || isJson) && chosenType) return false;
  res.statusCode = statusCode;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (body === undefined) {
    res.end();
    return true;
  }
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return true;
  }
  if (body instanceof Readable) {
    // A stored file: streamed, never read into memory; a read failure cuts the answer short.
    body.on('error', () => res.destroy());
    body.pipe(res);
    return true;
  }
  let text = isText ? body : JSON.stringify(body);
  res.setHeader('Content-Type', isText ? TEXT_TYPE : JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  // As express's send: no body on 204/304, an empty one on 205.
  if (statusCode === 204 || statusCode === 304) {
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    text = '';
  } else if (statusCode === 205) {
    res.setHeader('Content-Length', '0');
    res.removeHeader('Transfer-Encoding');
    text = '';
  }
  res.end(text, 'utf8');
  return true;
}

/**
 * Production webhook calls (`/webhook/<path>`, any method but GET and HEAD) answered
 * without express: express's per-request set-up (prototype swaps, the router's walk through
 * every middleware) cost about 0.5 ms of CPU per call, several times what the rest of a
 * small workflow costs. The answer is the same: same request log line and metrics, same
 * 503 while draining (express answers those), same reply bytes; what express alone knows
 * how to write (a content type the workflow chose, errors) is handed back to express's own
 * response methods.
 */
export function withWebhookLane(expressApp: () => Express, deps: AppDependencies, onError: ErrorRequestHandler): RequestListener {
  const toExpress = (req: IncomingMessage, res: ServerResponse): { req: Request; res: Response } => {
    // What express's app.handle does before routing, so its response methods work here.
    const app = expressApp();
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    const expressReq = req as Request;
    const expressRes = res as Response;
    expressReq.res = expressRes;
    expressRes.req = expressReq;
    expressRes.locals ??= Object.create(null) as Record<string, unknown>;
    return { req: expressReq, res: expressRes };
  };
  const lane = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    observeRequest(deps.logger, deps.metrics, req.method ?? '', path, res);
    try {
      const reply = await deps.webhooks.handle({
        method: req.method ?? '',
        path: path.slice(PREFIX.length),
        headers: req.headers,
        query: queryOf(req.url ?? ''),
        body: req,
      });
      if (!writePlain(res, reply)) writeWebhookReply(toExpress(req, res).res, reply);
    } catch (error) {
      const promoted = toExpress(req, res);
      // express's final handler when an answer had already begun: cut the connection.
      onError(error, promoted.req, promoted.res, () => req.socket.destroy());
    }
  };
  return (req, res) => {
    const path = deps.lifecycle.accepting ? lanePath(req) : undefined;
    if (path === undefined) {
      expressApp()(req, res);
      return;
    }
    void lane(req, res, path);
  };
}
