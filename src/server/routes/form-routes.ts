import express, { Router, type Request } from 'express';
import type { SubmittedValues } from '../../nodes/form';
import type { JsonObject } from '../../workflow/json';
import type { AppDependencies } from '../app-dependencies';
import { writeWebhookReply } from '../webhook-response';

/** The url-encoded fields of a form POST; repeated names (checkboxes) become lists. */
function submitted(req: Request): SubmittedValues {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const values: SubmittedValues = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.map(String);
  }
  return values;
}

function queryOf(req: Request): JsonObject {
  return JSON.parse(JSON.stringify(req.query ?? {})) as JsonObject;
}

/** n8n's public form routes: `/form/<path>` (Form Trigger) and `/form-waiting/<executionId>` (pages of a parked run). */
export function formRoutes(deps: AppDependencies): Router {
  const router = Router();
  // Flat fields only (qs's nesting would turn `field-0[a]` into objects no form field sends).
  const form = express.urlencoded({ extended: false, limit: deps.maxBodyBytes });

  router.all('/form/*path', form, async (req, res) => {
    const reply = await deps.forms.handle({ method: req.method, path: req.path.slice('/form/'.length), headers: req.headers, query: queryOf(req), body: submitted(req) });
    writeWebhookReply(res, reply);
  });

  router.all('/form-test/*path', form, async (req, res) => {
    const reply = await deps.forms.handleTest({ method: req.method, path: req.path.slice('/form-test/'.length), headers: req.headers, query: queryOf(req), body: submitted(req) });
    writeWebhookReply(res, reply);
  });

  router.all('/form-waiting/:executionId', form, async (req, res) => {
    const signature = typeof req.query.signature === 'string' ? req.query.signature : undefined;
    const reply = await deps.formWaiting.handle({ executionId: req.params.executionId as string, method: req.method, signature, body: submitted(req) });
    writeWebhookReply(res, reply);
  });
  return router;
}
