import { Router, type Request } from 'express';
import type { Item } from '../../contracts/run-data';
import { NotFoundError } from '../../errors';
import type { StartedExecution } from '../../executions/execution-service';
import type { ExecutionSummary } from '../../store/types';
import type { JsonObject } from '../../workflow/json';
import type { AppDependencies } from '../app-dependencies';
import { toN8nExecution, toN8nSummary } from '../execution-format';
import { emptyBodySchema, executeBodySchema, executionListQuerySchema, idempotencyKeySchema, retryBodySchema, runNodeBodySchema } from '../schemas';
import { jsonBody, parseInput } from '../validation';

/** triggerData: one object is one item, an array is one item per element. */
function triggerItems(data: JsonObject | JsonObject[] | undefined): Item[] | undefined {
  if (data === undefined) return undefined;
  return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

function idempotencyKey(req: Request): string | undefined {
  const header = req.get('Idempotency-Key');
  return header === undefined ? undefined : parseInput(idempotencyKeySchema, header, 'Idempotency-Key header');
}

/** The summary if the run already settled (a repeated Idempotency-Key), else undefined. */
async function settledSummary(done: Promise<ExecutionSummary>): Promise<ExecutionSummary | undefined> {
  return Promise.race([done, Promise.resolve(undefined)]);
}

/** execute and retry answer alike: 200 once the run ends or parks, or 202 at once. */
async function answerStarted(started: StartedExecution, wait: boolean): Promise<{ status: number; body: JsonObject }> {
  if (!wait) {
    const settled = await settledSummary(started.done);
    return { status: 202, body: { success: true, executionId: started.executionId, status: settled?.status ?? 'running' } };
  }
  const summary = await started.done;
  return { status: 200, body: { success: true, executionId: summary.id, status: summary.status } };
}

export function executionRoutes(deps: AppDependencies): Router {
  const router = Router();
  const json = jsonBody(deps.maxBodyBytes);

  router.post('/canvas/:id/execute', ...json, async (req, res) => {
    const body = parseInput(executeBodySchema, req.body ?? {}, 'body of POST /canvas/:id/execute');
    const started = await deps.service.start({
      workflowId: req.params.id as string,
      mode: body.mode ?? 'manual',
      triggerItems: triggerItems(body.triggerData as JsonObject | JsonObject[] | undefined),
      startNode: body.startNode,
      requestId: idempotencyKey(req),
    });
    const answer = await answerStarted(started, body.wait !== false);
    res.status(answer.status).json(answer.body);
  });

  router.get('/canvas/:id/executions', async (req, res) => {
    const query = parseInput(executionListQuerySchema, req.query, 'query of GET /canvas/:id/executions');
    const stored = await deps.workflows.get(req.params.id as string);
    if (stored === undefined) throw new NotFoundError(`Workflow "${req.params.id}" was not found`);
    const { rows, total } = await deps.executions.list({ canvasId: stored.id, status: query.status, limit: query.limit ?? 20, offset: query.offset ?? 0 });
    res.json({ success: true, data: rows.map(toN8nSummary), total });
  });

  router.get('/executions/:id', async (req, res) => {
    const record = await deps.executions.get(req.params.id as string);
    if (record === undefined) throw new NotFoundError(`Execution "${req.params.id}" was not found`);
    res.json({ success: true, data: toN8nExecution(record) });
  });

  router.post('/executions/:id/retry', ...json, async (req, res) => {
    const body = parseInput(retryBodySchema, req.body ?? {}, 'body of POST /executions/:id/retry');
    const started = await deps.service.retry(req.params.id as string, { loadWorkflow: body.loadWorkflow ?? false });
    const answer = await answerStarted(started, body.wait !== false);
    res.status(answer.status).json(answer.body);
  });

  router.post('/executions/:id/run-node', ...json, async (req, res) => {
    const body = parseInput(runNodeBodySchema, req.body ?? {}, 'body of POST /executions/:id/run-node');
    const started = await deps.service.runNode(req.params.id as string, body.node);
    const answer = await answerStarted(started, body.wait !== false);
    res.status(answer.status).json(answer.body);
  });

  router.post('/executions/:id/stop', ...json, async (req, res) => {
    parseInput(emptyBodySchema, req.body ?? {}, 'body of POST /executions/:id/stop');
    const summary = await deps.service.stop(req.params.id as string);
    res.json({ success: true, data: toN8nSummary(summary) });
  });

  return router;
}
