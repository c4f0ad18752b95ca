import express, { Router, type Request } from 'express';
import type { JsonObject } from '../../workflow/json';
import { parseWebhookBody } from '../../nodes/webhook';
import type { AppDependencies } from '../app-dependencies';
import { writeWebhookReply } from '../webhook-response';

function queryOf(req: Request): JsonObject {
  return JSON.parse(JSON.stringify(req.query ?? {})) as JsonObject;
}

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** The public routes: production webhooks and Wait-node resume calls. */
export function webhookRoutes(deps: AppDependencies): Router {
  const router = Router();
  // Bytes first: the Webhook node decides how to read them (JSON, form, text, file).
  const raw = express.raw({ type: () => true, limit: deps.maxBodyBytes });

  // The request itself: the Webhook node reads JSON, forms and text into memory (within
  // MAX_BODY_BYTES) and streams uploads and file bodies to the binary store.
  router.all('/webhook/*path', async (req, res) => {
    const reply = await deps.webhooks.handle({
      method: req.method,
      path: req.path.slice('/webhook/'.length),
      headers: req.headers,
      query: queryOf(req),
      body: req,
    });
    writeWebhookReply(res, reply);
  });

  // n8n's test URLs: answered only while a user listens (POST /canvas/:id/listen-test-webhook).
  router.all('/webhook-test/*path', async (req, res) => {
    const reply = await deps.testWebhooks.handle({
      method: req.method,
      path: req.path.slice('/webhook-test/'.length),
      headers: req.headers,
      query: queryOf(req),
      body: req,
    });
    writeWebhookReply(res, reply);
  });

  const resume = async (req: Request, res: express.Response) => {
    const executionId = req.params.executionId as string;
    const bytes = rawBody(req);
    const parsed = parseWebhookBody(bytes, req.headers['content-type'], {
      rawBody: false,
      binaryData: false,
      binaryPropertyName: 'data',
      target: `the resume URL of execution "${executionId}"`,
    });
    const suffix = req.params.suffix;
    const reply = await deps.resumeWebhook({
      executionId,
      method: req.method,
      suffix: Array.isArray(suffix) ? suffix.join('/') : undefined,
      query: queryOf(req),
      headers: req.headers,
      body: bytes.length === 0 ? undefined : parsed.body,
      rawBody: bytes,
    });
    writeWebhookReply(res, reply);
  };
  router.all('/webhook-waiting/:executionId', raw, resume);
  router.all('/webhook-waiting/:executionId/*suffix', raw, resume);
  return router;
}
