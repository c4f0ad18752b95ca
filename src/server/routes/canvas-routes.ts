import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { emptyBodySchema, importBodySchema } from '../schemas';
import { jsonBody, parseInput } from '../validation';

/** Activation and n8n JSON import/export of workflows (canvases). */
export function canvasRoutes(deps: AppDependencies): Router {
  const router = Router();
  const json = jsonBody(deps.maxBodyBytes);

  router.post('/canvas/import', ...json, async (req, res) => {
    const body = parseInput(importBodySchema, req.body ?? {}, 'body of POST /canvas/import');
    const imported = await deps.transfer.importWorkflow(body.workflow, body.name);
    res.status(201).json({ success: true, data: { canvasId: String(imported.canvasId), workflowId: imported.workflowId, warnings: imported.warnings } });
  });

  router.get('/canvas/:id/export', async (req, res) => {
    res.json({ success: true, data: await deps.transfer.exportWorkflow(req.params.id as string) });
  });

  router.post('/canvas/:id/activate', ...json, async (req, res) => {
    parseInput(emptyBodySchema, req.body ?? {}, 'body of POST /canvas/:id/activate');
    res.json({ success: true, data: await deps.activation.activate(req.params.id as string) });
  });

  router.post('/canvas/:id/deactivate', ...json, async (req, res) => {
    parseInput(emptyBodySchema, req.body ?? {}, 'body of POST /canvas/:id/deactivate');
    res.json({ success: true, data: await deps.activation.deactivate(req.params.id as string) });
  });

  // n8n's "listen for test event": the canvas' test URLs answer one call within TEST_WEBHOOK_TIMEOUT_MS.
  router.post('/canvas/:id/listen-test-webhook', ...json, async (req, res) => {
    parseInput(emptyBodySchema, req.body ?? {}, 'body of POST /canvas/:id/listen-test-webhook');
    res.json({ success: true, data: await deps.testWebhooks.listen(req.params.id as string) });
  });

  router.delete('/canvas/:id/listen-test-webhook', (req, res) => {
    const canvasId = req.params.id as string;
    res.json({ success: true, data: { canvasId, wasListening: deps.testWebhooks.cancel(canvasId) } });
  });

  router.post('/schedules/tick', ...json, async (req, res) => {
    parseInput(emptyBodySchema, req.body ?? {}, 'body of POST /schedules/tick');
    res.json({ success: true, data: { fired: await deps.scheduler.tick() } });
  });

  return router;
}
