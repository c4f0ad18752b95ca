import type { RequestListener } from 'node:http';
import type { AppDependencies } from './app-dependencies';
import type * as ExpressApp from './express-app';
import { withWebhookLane } from './webhook-lane';

/** The service's HTTP handler, plus a way to get its slower half ready ahead of need. */
export interface HttpHandler extends RequestListener {
  /** Loads and builds the express app now (otherwise done by the first request that needs it). */
  prepare(): void;
}

/**
 * The HTTP handler, separate from listening so tests and the bench drive it in process:
 * production webhook calls go through the webhook lane, everything else through express.
 * Express and the routes' modules are loaded when first needed, not at start-up: they are a
 * good part of the service's start-up time, and the first production webhook does not need them.
 */
export function createApp(deps: AppDependencies): HttpHandler {
  let built: ReturnType<typeof ExpressApp.createExpressApp> | undefined;
  const expressApp = () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    built ??= (require('./express-app') as typeof ExpressApp).createExpressApp(deps);
    return built;
  };
  const listener = withWebhookLane(
    () => expressApp().app,
    deps,
    (error, req, res, next) => expressApp().onError(error, req, res, next),
  );
  return Object.assign(listener, { prepare: () => void expressApp() });
}
