import { Router } from 'express';
import { NotFoundError, UnavailableError, errorMessage } from '../../errors';
import type { AppDependencies } from '../app-dependencies';

const READY_TIMEOUT_MS = 2000;

/** Liveness, readiness (the store answers and its backlog has room), the Odoo backlog and Prometheus metrics. */
export function healthRoutes(deps: AppDependencies): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ success: true, data: { status: 'ok' } });
  });

  router.get('/readyz', async (_req, res) => {
    if (!deps.lifecycle.accepting) throw new UnavailableError('The service is shutting down', 5);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([deps.checkReady(), timeout]);
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      throw new UnavailableError(`The store is not reachable: ${errorMessage(error)}`, 5);
    } finally {
      clearTimeout(timer);
    }
    const backlog = deps.backlog?.();
    res.json({ success: true, data: { status: 'ready', ...(backlog ? { outbox: backlog } : {}) } });
  });

  // Management (needs the key): Odoo's settings page shows how far behind Odoo is.
  router.get('/outbox', (_req, res) => {
    const backlog = deps.backlog?.();
    if (!backlog) throw new NotFoundError('No outbox: the service runs in embedded mode and writes executions to SQLite directly');
    res.json({ success: true, data: backlog });
  });

  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });

  return router;
}
