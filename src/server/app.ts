import type { RequestListener } from 'node:http';
import express, { type RequestHandler } from 'express';
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
import { withWebhookLane } from './webhook-lane';
import { formRoutes } from './routes/form-routes';

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

/**
 * The HTTP handler (express, with production webhook calls taken before it: see
 * webhook-lane), separate from listening so tests and the bench drive it in process.
 */
export function createApp(deps: AppDependencies): RequestListener {
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
  app.use(routeNotFound);
  const onError = errorHandler(deps.logger);
  app.use(onError);
  return withWebhookLane(app, deps, onError);
}
