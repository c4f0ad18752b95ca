import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { UnavailableError } from '../errors';
import type { AppDependencies } from './app-dependencies';
import { requireApiKey } from './auth';
import { errorHandler, routeNotFound } from './http-errors';
import { requestLog } from './request-log';
import { canvasRoutes } from './routes/canvas-routes';
import { credentialRoutes } from './routes/credential-routes';
import { executionRoutes } from './routes/execution-routes';
import { binaryRoutes } from './routes/binary-routes';
import { healthRoutes } from './routes/health-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { formRoutes } from './routes/form-routes';
import { queueRoutes } from './routes/queue-routes';

/** Once shutdown began, requests on kept-alive connections get a 503 instead of new work. */
function refuseWhenDraining(deps: AppDependencies): RequestHandler {
  return (req, _res, next) => {
    if (!deps.lifecycle.accepting && req.path !== '/healthz' && req.path !== '/readyz') {
      next(new UnavailableError('The service is shutting down', 5));
      return;
    }
    next();
  };
}

/** The express app: every route (production webhook calls are mostly taken before it, see webhook-lane). */
export function createExpressApp(deps: AppDependencies): { app: Express; onError: ErrorRequestHandler } {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(requestLog(deps.logger, deps.metrics));
  app.use(refuseWhenDraining(deps));
  app.use(requireApiKey({ apiKey: deps.apiKey, metricsPublic: deps.metricsPublic }));
  app.use(healthRoutes(deps));
  app.use(webhookRoutes(deps));
  app.use(formRoutes(deps));
  app.use(executionRoutes(deps));
  app.use(binaryRoutes(deps));
  app.use(canvasRoutes(deps));
  app.use(credentialRoutes(deps));
  app.use(queueRoutes(deps));
  app.use(routeNotFound);
  const onError = errorHandler(deps.logger);
  app.use(onError);
  return { app, onError };
}
