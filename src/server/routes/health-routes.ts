import { Router } from 'express';
import { UnavailableError, errorMessage } from '../../errors';
import type { AppDependencies } from '../app-dependencies';

const READY_TIMEOUT_MS = 2000;

/** Liveness, readiness (the store answers) and Prometheus metrics. */
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
    res.json({ success: true, data: { status: 'ready' } });
  });

  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });

  return router;
}
