import { Router, type Request } from 'express';
import type { JsonObject } from '../../workflow/json';
import type { AppDependencies } from '../app-dependencies';
import { writeWebhookReply } from '../webhook-response';

function queryOf(req: Request): JsonObject {
  return JSON.parse(JSON.stringify(req.query ?? {})) as JsonObject;
}

/** n8n's public form routes: `/form/<path>` (Form Trigger) and `/form-waiting/<executionId>` (pages of a parked run). */
export function formRoutes(deps: AppDependencies): Router {
  const router = Router();
  // The handlers read the body themselves (multipart uploads stream to the binary store).
  router.all('/form/*path', async (req, res) => {
    const reply = await deps.forms.handle({ method: req.method, path: req.path.slice('/form/'.length), headers: req.headers, query: queryOf(req), body: req });
    writeWebhookReply(res, reply);
  });

  router.all('/form-test/*path', async (req, res) => {
    const reply = await deps.forms.handleTest({ method: req.method, path: req.path.slice('/form-test/'.length), headers: req.headers, query: queryOf(req), body: req });
    writeWebhookReply(res, reply);
  });

  router.all('/form-waiting/:executionId', async (req, res) => {
    const signature = typeof req.query.signature === 'string' ? req.query.signature : undefined;
    const reply = await deps.formWaiting.handle({ executionId: req.params.executionId as string, method: req.method, signature, headers: req.headers, body: req });
    writeWebhookReply(res, reply);
  });
  return router;
}
