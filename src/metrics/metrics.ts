import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BacklogStatus } from '../executions/backlog-bound';
import type { ExecutionSummary } from '../store/types';

export interface MetricsSources {
  /** Runs in flight in this process. */
  running: () => number;
  /** Production runs waiting behind CONCURRENCY_LIMIT. */
  queued: () => number;
  /** Code-node calls running, and waiting behind CODE_CONCURRENCY. */
  codeCalls?: () => { running: number; queued: number };
  /** Executions accepted while the store could not write, waiting in memory to be saved. */
  unsaved?: () => number;
  /** 1 while the execution store can write, 0 while it cannot (disk full, locked, I/O error). */
  storeWritable?: () => number;
  /** Odoo mode: writes accepted and not yet delivered to Odoo. */
  backlog?: () => BacklogStatus;
  /** Queue mode: the shared job queue's counts and live workers (what GET /queue shows). */
  queue?: () => Promise<QueueGauges | undefined>;
}

export interface QueueGauges {
  counts: { waiting: number; active: number; delayed: number; failed: number };
  workers: number;
}

/**
 * The service's Prometheus metrics, on a registry of its own (not prom-client's global
 * one) so that several services in one process, as in tests, do not collide.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly executions: Counter<'status' | 'mode'>;
  private readonly durations: Histogram<'status' | 'mode'>;
  private readonly storeLatency: Histogram<'store' | 'operation'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;

  constructor(sources: MetricsSources, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'automator_' });
    this.executions = new Counter({
      name: 'automator_executions_total',
      help: 'Executions that ended or parked, by status and mode',
      labelNames: ['status', 'mode'],
      registers,
    });
    this.durations = new Histogram({
      name: 'automator_execution_duration_seconds',
      help: 'Wall time of executions from start to end (or to parking)',
      labelNames: ['status', 'mode'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.storeLatency = new Histogram({
      name: 'automator_store_operation_duration_seconds',
      help: 'Latency of store operations (SQLite or Odoo RPC)',
      labelNames: ['store', 'operation'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'automator_http_requests_total',
      help: 'HTTP requests answered, by route family and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    new Gauge({
      name: 'automator_executions_running',
      help: 'Executions running in this process',
      registers,
      collect() {
        this.set(sources.running());
      },
    });
    const { unsaved, storeWritable } = sources;
    if (unsaved && storeWritable) {
      new Gauge({
        name: 'automator_executions_unsaved',
        help: 'Executions accepted while the store could not write, kept in memory until it can',
        registers,
        collect() {
          this.set(unsaved());
        },
      });
      new Gauge({
        name: 'automator_store_writable',
        help: '1 while the execution store can write, 0 while it cannot (new production runs get 503)',
        registers,
        collect() {
          this.set(storeWritable());
        },
      });
    }
    if (sources.backlog) this.backlogGauges(sources.backlog, registers);
    const codeCalls = sources.codeCalls;
    if (codeCalls) {
      new Gauge({
        name: 'automator_code_calls',
        help: 'Code-node calls running in a sandbox isolate, and queued behind CODE_CONCURRENCY',
        labelNames: ['state'],
        registers,
        collect() {
          const load = codeCalls();
          this.set({ state: 'running' }, load.running);
          this.set({ state: 'queued' }, load.queued);
        },
      });
    }
    const queue = sources.queue;
    if (queue) {
      // One read of the backend per scrape serves both gauges.
      let pending: Promise<QueueGauges | undefined> | undefined;
      const read = () => (pending ??= queue().finally(() => setImmediate(() => (pending = undefined))));
      new Gauge({
        name: 'automator_queue_jobs',
        help: 'Jobs in the shared execution queue (queue mode), by state',
        labelNames: ['state'],
        registers,
        async collect() {
          const snapshot = await read().catch(() => undefined);
          if (snapshot === undefined) return;
          for (const [state, count] of Object.entries(snapshot.counts)) this.set({ state }, count);
        },
      });
      new Gauge({
        name: 'automator_queue_workers',
        help: 'Workers that reported themselves alive to the execution queue (queue mode)',
        registers,
        async collect() {
          const snapshot = await read().catch(() => undefined);
          if (snapshot !== undefined) this.set(snapshot.workers);
        },
      });
    }
    new Gauge({
      name: 'automator_queue_depth',
      help: 'Production executions waiting for a concurrency slot',
      registers,
      collect() {
        this.set(sources.queued());
      },
    });
  }

  private backlogGauges(backlog: () => BacklogStatus, registers: Registry[]): void {
    const gauge = (name: string, help: string, read: (status: BacklogStatus) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(backlog()));
        },
      });
    gauge('automator_outbox_pending', 'Execution writes accepted and not yet delivered to Odoo', (status) => status.pending);
    gauge('automator_outbox_max_pending', 'OUTBOX_MAX_PENDING: past it production runs get 503', (status) => status.maxPending);
    gauge('automator_outbox_oldest_pending_seconds', 'Age of the oldest write waiting for Odoo (0 when none waits)', (status) => status.oldestPendingSeconds);
    gauge('automator_outbox_bytes', 'Size of the outbox file on disk', (status) => status.fileBytes);
    gauge('automator_outbox_dead_letters', 'Writes Odoo refused for good, kept in the outbox for inspection', (status) => status.deadLetters);
  }

  executionFinished(execution: ExecutionSummary): void {
    const labels = { status: execution.status, mode: execution.mode };
    this.executions.inc(labels);
    const end = execution.stoppedAt ?? new Date();
    this.durations.observe(labels, Math.max(0, end.getTime() - execution.startedAt.getTime()) / 1000);
  }

  observeStore(store: string, operation: string, seconds: number): void {
    this.storeLatency.observe({ store, operation }, seconds);
  }

  httpRequest(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
