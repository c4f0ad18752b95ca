import type { Config } from '../config';
import { errorMessage } from '../errors';
import { storedCredentials } from '../nodes/webhook';
import type { CredentialVault } from '../credentials';
import type { ExecutionService } from '../executions/execution-service';
import { startHousekeeping, type Housekeeping } from '../housekeeping';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics/metrics';
import { MainQueue, NO_QUEUE } from '../queue/queue-mode';
import { ActivationService, type RestoreReport } from '../triggers/activation/activation-service';
import { systemClock, type Clock } from '../triggers/clock';
import { Scheduler } from '../triggers/schedules/scheduler';
import { WebhookHandler } from '../triggers/webhooks/webhook-handler';
import { WebhookRegistry } from '../triggers/webhooks/webhook-registry';
import { TestWebhooks } from '../triggers/webhooks/test-webhooks';
import { FormHandler } from '../triggers/forms/form-handler';
import { FormRegistry } from '../triggers/forms/form-registry';
import { FormWaitingHandler } from '../triggers/forms/form-waiting-handler';
import { WaitTracker, createResumeWebhookHandler } from '../waiting';
import { createApp, type HttpHandler } from './app';
import { buildExecutionCore, type CoreOverrides } from './execution-core';
import type { ServiceStores } from './stores';

export interface ServiceOverrides extends CoreOverrides {
  clock?: Clock;
}

/** The whole service, built but not listening. */
export interface BuiltService {
  readonly config: Config;
  /** The HTTP request handler (give it to http.createServer or supertest). */
  readonly app: HttpHandler;
  readonly service: ExecutionService;
  readonly activation: ActivationService;
  readonly scheduler: Scheduler;
  readonly stores: ServiceStores;
  readonly metrics: Metrics;
  readonly apiKey: string;
  /** Encrypted credentials (absent when the mode has no credential store). */
  readonly credentials?: CredentialVault;
  /** Marks orphaned runs, picks waits up again, registers active workflows' triggers. */
  start(): Promise<RestoreReport>;
  /** Stops taking work and timers, lets runs finish up to `timeoutMs` (then cancels them). */
  stopWork(timeoutMs: number): Promise<void>;
  /** Closes the stores (flushing pending writes) and the sandbox. After stopWork. */
  close(): Promise<void>;
  /** stopWork, then close. */
  shutdown(timeoutMs: number): Promise<void>;
}

const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 60_000;

/** Retries `task` with a growing delay until it succeeds or `cancelled()` says stop. */
function retryInBackground(task: () => Promise<unknown>, cancelled: () => boolean, logger: Logger, delayMs = RETRY_FIRST_MS): void {
  setTimeout(() => {
    if (cancelled()) return;
    task().catch((error: unknown) => {
      logger.error('start-up chores failed again', { error: errorMessage(error), nextTryMs: Math.min(delayMs * 2, RETRY_MAX_MS) });
      retryInBackground(task, cancelled, logger, Math.min(delayMs * 2, RETRY_MAX_MS));
    });
  }, delayMs).unref();
}

/** The composition: config -> stores -> registry -> engine -> use cases -> triggers -> app. */
export function buildService(config: Config, overrides: ServiceOverrides): BuiltService {
  const { logger } = overrides;
  const clock = overrides.clock ?? systemClock;
  // Queue mode is decided here, once: runs are handed to workers through `remote`.
  const queueConfig = config.queue;
  const mainQueue = queueConfig === undefined ? undefined : new MainQueue({ ...config, queue: queueConfig }, logger);
  const waitTrackerRef: { current?: WaitTracker } = {};
  const core = buildExecutionCore(config, overrides, {
    remote: mainQueue?.remote,
    onWaiting: (execution) => waitTrackerRef.current?.track(execution),
    queueGauges: mainQueue?.gauges,
  });
  const { apiKey, stores, expressions, credentials, engine, guarded, backlog, executions, metrics, resumeTokens, loader, service } = core;
  const waitTracker = new WaitTracker({ executions, logger });
  waitTrackerRef.current = waitTracker;
  const webhookRegistry = new WebhookRegistry();
  const formRegistry = new FormRegistry();
  // Schedule slots are claimed where every main sees them: the queue backend in queue mode.
  const scheduler = new Scheduler({ service, state: mainQueue?.queue.state ?? stores.state, clock, logger });
  const activation = new ActivationService({ workflows: stores.workflows, loader, webhooks: webhookRegistry, forms: formRegistry, scheduler, clock, defaultTimezone: config.timezone, logger });
  const webhookHandler = new WebhookHandler({
    registry: webhookRegistry,
    service,
    publicUrl: config.publicUrl,
    responseTimeoutMs: config.webhookResponseTimeoutMs,
    clock,
    logger,
    binary: engine.services.binary,
    maxBodyBytes: config.maxBodyBytes,
    credentials,
  });
  const testWebhooks = new TestWebhooks({ workflows: stores.workflows, loader, handler: webhookHandler, clock, publicUrl: config.publicUrl, timeoutMs: config.testWebhookTimeoutMs, logger });
  const lifecycle = { accepting: true };
  const app = createApp({
    apiKey,
    maxBodyBytes: config.maxBodyBytes,
    metricsPublic: config.metricsPublic,
    logger,
    service,
    workflows: stores.workflows,
    executions,
    activation,
    scheduler,
    webhooks: webhookHandler,
    testWebhooks,
    resumeWebhook: createResumeWebhookHandler({
      service,
      executions,
      resumeTokens,
      publicUrl: config.publicUrl,
      logger,
      credentials: storedCredentials(credentials, (type, error) => logger.warn('resume credentials unusable: the call is refused', { credentialType: type, error: errorMessage(error) })),
    }),
    forms: new FormHandler({ registry: formRegistry, tests: testWebhooks, binary: engine.services.binary, maxBodyBytes: config.maxBodyBytes, service, executions, resumeTokens, publicUrl: config.publicUrl, credentials, timezone: config.timezone, logger }),
    formWaiting: new FormWaitingHandler({ binary: engine.services.binary, maxBodyBytes: config.maxBodyBytes, service, executions, resumeTokens, publicUrl: config.publicUrl, timezone: config.timezone, logger }),
    transfer: stores.transfer(loader),
    binary: engine.services.binary,
    credentials,
    metrics,
    backlog: backlog && (() => backlog.status()),
    queue: { snapshot: () => mainQueue?.snapshot() ?? Promise.resolve(NO_QUEUE) },
    checkReady: async () => {
      // A readiness check is also a chance to notice that space came back.
      if (!guarded.health.writable) await guarded.health.probeNow();
      guarded.health.assertWritable();
      backlog?.assertRoom();
      await stores.checkReady();
      mainQueue?.assertReachable();
    },
    lifecycle,
  });
  let housekeeping: Housekeeping | undefined;
  let stopped: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const stopWork = (timeoutMs: number): Promise<void> => {
    stopped ??= (async () => {
      lifecycle.accepting = false;
      activation.stop();
      testWebhooks.stop();
      housekeeping?.stop();
      await service.drain(timeoutMs);
    })();
    return stopped;
  };
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await mainQueue?.close();
      await stores.close();
      expressions.dispose();
    })();
    return closed;
  };
  return {
    config,
    app,
    service,
    activation,
    scheduler,
    stores,
    metrics,
    apiKey,
    credentials,
    async start() {
      // Isolates are built on isolated-vm's threads while start-up goes on (the first calls wait
      // for these rather than building more); awaiting them would only delay listening.
      void expressions.warmUp?.().catch((error: unknown) => logger.error('could not prepare the sandbox isolates', { error: errorMessage(error) }));
      // A main in queue mode that cannot reach the queue (or shares the embedded store wrongly) does not start.
      await mainQueue?.open();
      const startUp = async (): Promise<RestoreReport> => {
        housekeeping ??= await startHousekeeping({ service, executions, waitTracker, logger, config, binary: engine.services.binary });
        const report = await activation.restoreActive();
        logger.info('active workflows registered', { activated: report.activated.length, failed: report.failed.length, caughtUp: report.caughtUp.length });
        return report;
      };
      try {
        return await startUp();
      } catch (error) {
        // Odoo down at start-up must not keep the service down: /readyz says 503 meanwhile.
        logger.error('start-up chores failed; retrying in the background', { error: errorMessage(error) });
        retryInBackground(startUp, () => stopped !== undefined, logger);
        return { activated: [], failed: [], caughtUp: [] };
      }
    },
    stopWork,
    close,
    async shutdown(timeoutMs) {
      await stopWork(timeoutMs);
      await close();
    },
  };
}
