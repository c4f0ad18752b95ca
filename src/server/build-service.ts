import { createHash } from 'node:crypto';
import { resolveApiKey, type Config } from '../config';
import { errorMessage } from '../errors';
import { storedCredentials } from '../nodes/webhook';
import { openCredentialVault, type CredentialVault } from '../credentials';
import { createOdooConnector } from '../odoo';
import { BacklogBound } from '../executions/backlog-bound';
import { ConcurrencyGate } from '../executions/concurrency';
import { createEngineDependencies } from '../executions/engine-deps';
import { ExecutionService } from '../executions/execution-service';
import { GuardedExecutionStore } from '../executions/guarded-store';
import { ResumeTokens } from '../executions/resume-tokens';
import { WorkflowLoader } from '../executions/workflow-loader';
import { createExpressionEngine } from '../expressions';
import { startHousekeeping, type Housekeeping } from '../housekeeping';
import type { Logger } from '../logging';
import { Metrics } from '../metrics/metrics';
import { timedExecutionStore } from '../metrics/timed-store';
import { createDefaultRegistry } from '../nodes/default-registry';
import type { NodeTypeDefinition } from '../contracts/node-type';
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
import { openStores, type ServiceStores } from './stores';

export interface ServiceOverrides {
  logger: Logger;
  clock?: Clock;
  /** Extra node types (tests, benchmarks) next to the default registry. */
  extraNodeTypes?: NodeTypeDefinition[];
  runningRecordDelayMs?: number;
  /** Embedded mode: how stale the workflow folder may be (tests use 0 to see edits at once). */
  workflowRescanMs?: number;
  /** Default metrics (event loop, memory...) cost a timer; tests turn them off. */
  defaultMetrics?: boolean;
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

/**
 * Resume URLs must survive restarts, so their signing secret is derived from the one
 * secret the service already keeps (rotating SIDECAR_API_KEY invalidates pending URLs).
 */
function resumeSecret(apiKey: string): string {
  return createHash('sha256').update(`resume-url-signing\0${apiKey}`).digest('hex');
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
  const apiKey = resolveApiKey(config, logger);
  const stores = openStores(config, logger, { workflowRescanMs: overrides.workflowRescanMs });
  const registry = createDefaultRegistry();
  for (const definition of overrides.extraNodeTypes ?? []) registry.add(definition);
  const expressions = createExpressionEngine({
    timeoutMs: config.codeTimeoutMs,
    memoryMb: config.codeMemoryMb,
    codeConcurrency: config.codeConcurrency,
    offThread: config.codeOffThread,
    // Code-node console output is the user's debugging aid: kept at debug level, per execution.
    onConsole: ({ executionId, nodeName, message }) => logger.debug('code node console', { executionId, node: nodeName, message }),
  });
  const credentials = stores.credentials === undefined ? undefined : openCredentialVault(config, stores.credentials, logger);
  const engine = createEngineDependencies(config, registry, { ...stores.nodeServices, credentials, odooConnector: createOdooConnector(logger) }, expressions);
  const gate = new ConcurrencyGate(config.concurrencyLimit, config.queueLimit);
  const loader = new WorkflowLoader(stores.workflows, registry);
  // Read at scrape time, when `service` exists.
  // Store failures become a condition (503 + Retry-After, /readyz 503) instead of a crash.
  const guarded = new GuardedExecutionStore(stores.executions, { logger, probeWrite: () => stores.probeWrite() });
  // Odoo mode: what Odoo has not taken yet is bounded (OUTBOX_MAX_PENDING), callers past it get 503.
  const backlogSource = stores.backlog;
  const backlog =
    backlogSource && config.mode === 'odoo' ? new BacklogBound({ maxPending: config.odoo.outboxMaxPending, source: backlogSource }) : undefined;
  const metrics = new Metrics(
    {
      running: () => service.runningCount,
      queued: () => gate.queued,
      codeCalls: () => expressions.codeCalls?.() ?? { running: 0, queued: 0 },
      unsaved: () => guarded.unsavedCount,
      storeWritable: () => (guarded.health.writable ? 1 : 0),
      backlog: backlog && (() => backlog.status()),
    },
    { defaultMetrics: overrides.defaultMetrics },
  );
  const executions = timedExecutionStore(guarded, metrics, stores.kind);
  const waitTracker = new WaitTracker({ executions, logger });
  const resumeTokens = new ResumeTokens(resumeSecret(apiKey));
  const service = new ExecutionService({
    engine,
    workflows: loader,
    executions,
    logger,
    publicUrl: config.publicUrl,
    resumeTokens,
    gate,
    maxSubworkflowDepth: config.maxSubworkflowDepth,
    runningRecordDelayMs: overrides.runningRecordDelayMs,
    onWaiting: waitTracker.track,
    onFinished: (summary) => metrics.executionFinished(summary),
    admitProduction: (inFlight) => {
      guarded.health.assertWritable();
      backlog?.assertRoom(inFlight);
    },
  });
  const webhookRegistry = new WebhookRegistry();
  const formRegistry = new FormRegistry();
  const scheduler = new Scheduler({ service, state: stores.state, clock, logger });
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
    checkReady: async () => {
      // A readiness check is also a chance to notice that space came back.
      if (!guarded.health.writable) await guarded.health.probeNow();
      guarded.health.assertWritable();
      backlog?.assertRoom();
      await stores.checkReady();
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
