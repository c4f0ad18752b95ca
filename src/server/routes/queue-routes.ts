import { Router } from 'express';
import type { AppDependencies } from '../app-dependencies';

/** GET /queue (management key): the execution queue's job counts and live workers. */
export function queueRoutes(deps: AppDependencies): Router {
  const router = Router();
  router.get('/queue', async (_req, res) => {
    res.json({ success: true, data: await deps.queue.snapshot() });
  });
  return router;
}
