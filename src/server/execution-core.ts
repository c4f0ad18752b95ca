import { createHash } from 'node:crypto';
import { resolveApiKey, type Config } from '../config';
import { openCredentialVault, type CredentialVault } from '../credentials';
import { BacklogBound } from '../executions/backlog-bound';
import { ConcurrencyGate } from '../executions/concurrency';
import { createEngineDependencies } from '../executions/engine-deps';
import { ExecutionService, type ExecutionServiceOptions, type RemoteRuns } from '../executions/execution-service';
import { GuardedExecutionStore } from '../executions/guarded-store';
import { ResumeTokens } from '../executions/resume-tokens';
import { WorkflowLoader } from '../executions/workflow-loader';
import { createExpressionEngine } from '../expressions';
import type { ExpressionEngine } from '../expressions/types';
import type { Logger } from '../logging';
import { createOdooConnector } from '../odoo';
import { Metrics, type QueueGauges } from '../metrics/metrics';
import { timedExecutionStore } from '../metrics/timed-store';
import { createDefaultRegistry } from '../nodes/default-registry';
import type { NodeTypeDefinition } from '../contracts/node-type';
import type { ExecutionStore } from '../store/types';
import type { EngineDependencies } from '../engine/executor';
import { openStores, type ServiceStores } from './stores';

export interface CoreOverrides {
  logger: Logger;
  /** Extra node types (tests, benchmarks) next to the default registry. */
  extraNodeTypes?: NodeTypeDefinition[];
  runningRecordDelayMs?: number;
  /** Embedded mode: how stale the workflow folder may be (tests use 0 to see edits at once). */
  workflowRescanMs?: number;
  /** Default metrics (event loop, memory...) cost a timer; tests turn them off. */
  defaultMetrics?: boolean;
}

export interface CorePlacement {
  /** Queue mode: runs handed over to workers (built once the store exists). */
  remote?: (executions: ExecutionStore) => RemoteRuns;
  onWaiting?: ExecutionServiceOptions['onWaiting'];
  /** Queue numbers for /metrics (mains in queue mode). */
  queueGauges?: () => Promise<QueueGauges | undefined>;
}

/** What a main and a worker both run on: stores, sandbox, engine, and the execution use cases. */
export interface ExecutionCore {
  apiKey: string;
  stores: ServiceStores;
  expressions: ExpressionEngine;
  credentials?: CredentialVault;
  engine: EngineDependencies;
  gate: ConcurrencyGate;
  loader: WorkflowLoader;
  guarded: GuardedExecutionStore;
  /** Odoo mode: the bound on writes Odoo has not taken yet (OUTBOX_MAX_PENDING). */
  backlog?: BacklogBound;
  executions: ExecutionStore;
  metrics: Metrics;
  resumeTokens: ResumeTokens;
  service: ExecutionService;
}

/**
 * Resume URLs must survive restarts, so their signing secret is derived from the one
 * secret the service already keeps (rotating SIDECAR_API_KEY invalidates pending URLs).
 */
function resumeSecret(apiKey: string): string {
  return createHash('sha256').update(`resume-url-signing\0${apiKey}`).digest('hex');
}

/** config -> stores -> registry -> engine -> use cases (the part of the composition both roles share). */
export function buildExecutionCore(config: Config, overrides: CoreOverrides, placement: CorePlacement = {}): ExecutionCore {
  const { logger } = overrides;
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
  // Store failures become a condition (503 + Retry-After, /readyz 503) instead of a crash.
  const guarded = new GuardedExecutionStore(stores.executions, { logger, probeWrite: () => stores.probeWrite() });
  // Odoo mode: what Odoo has not taken yet is bounded (OUTBOX_MAX_PENDING), callers past it get 503.
  const backlogSource = stores.backlog;
  const backlog =
    backlogSource && config.mode === 'odoo' ? new BacklogBound({ maxPending: config.odoo.outboxMaxPending, source: backlogSource }) : undefined;
  // Read at scrape time, when `service` exists.
  const metrics = new Metrics(
    {
      running: () => service.runningCount,
      queued: () => gate.queued,
      codeCalls: () => expressions.codeCalls?.() ?? { running: 0, queued: 0 },
      unsaved: () => guarded.unsavedCount,
      storeWritable: () => (guarded.health.writable ? 1 : 0),
      backlog: backlog && (() => backlog.status()),
      queue: placement.queueGauges,
    },
    { defaultMetrics: overrides.defaultMetrics },
  );
  const executions = timedExecutionStore(guarded, metrics, stores.kind);
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
    onWaiting: placement.onWaiting,
    onFinished: (summary) => metrics.executionFinished(summary),
    admitProduction: (inFlight) => {
      guarded.health.assertWritable();
      backlog?.assertRoom(inFlight);
    },
    remote: placement.remote?.(executions),
  });
  return { apiKey, stores, expressions, credentials, engine, gate, loader, guarded, backlog, executions, metrics, resumeTokens, service };
}
