import { hostname } from 'node:os';
import { realpathSync } from 'node:fs';
import type { Config, QueueConfig } from '../config';
import { UnavailableError } from '../errors';
import type { Logger } from '../logging';
import type { QueueGauges } from '../metrics/metrics';
import type { ExecutionStore } from '../store/types';
import type { ExecutionJob } from './execution-jobs';
import type { JobQueue, QueueBackendKind, QueueCounts, WorkerInfo } from './job-queue';
import { openJobQueue } from './queue-choice';
import { QueueRuns } from './queue-runs';

/** What GET /queue answers. */
export interface QueueSnapshot {
  backend: QueueBackendKind | 'none';
  counts: QueueCounts;
  workers: WorkerInfo[];
}

export const NO_QUEUE: QueueSnapshot = { backend: 'none', counts: { waiting: 0, active: 0, delayed: 0, failed: 0 }, workers: [] };

/** The embedded store's state key naming the one machine and folder every process must share. */
const EMBEDDED_LAYOUT_KEY = 'embedded-store-layout';

/**
 * SQLite in WAL mode is safe for several processes on one machine (one file, shared locks,
 * busy_timeout) and nowhere else: every main and worker must name the same DATA_DIR on the
 * same host. The first process to start records where that is; any other layout is refused.
 */
export async function assertEmbeddedLayout(queue: JobQueue<ExecutionJob>, config: Config): Promise<void> {
  if (config.mode !== 'embedded') return;
  let dataDir = config.dataDir;
  try {
    dataDir = realpathSync(config.dataDir);
  } catch {
    // Not created yet: its configured path is what the other processes must name too.
  }
  const here = `${hostname()}:${dataDir}`;
  if (await queue.state.compareAndSet(EMBEDDED_LAYOUT_KEY, undefined, here)) return;
  const recorded = await queue.state.getValue(EMBEDDED_LAYOUT_KEY);
  if (recorded === here) return;
  throw new Error(
    `EXECUTIONS_MODE=queue with the embedded store needs every main and worker on one machine sharing one DATA_DIR (${recorded ?? 'unknown'}); this process has ${here}. Use Odoo as the store (ODOO_URL) for any other layout`,
  );
}

/** A main's queue side: the queue, the runs it hands over, and what /queue and /metrics show. */
export class MainQueue {
  readonly queue: JobQueue<ExecutionJob>;
  private runs?: QueueRuns;

  constructor(
    private readonly config: Config & { queue: QueueConfig },
    private readonly logger: Logger,
  ) {
    this.queue = openJobQueue<ExecutionJob>(config.queue.url, logger);
  }

  /** ExecutionService's `remote`: built once the store exists. */
  readonly remote = (executions: ExecutionStore): QueueRuns => {
    this.runs = new QueueRuns({ queue: this.queue, executions, logger: this.logger });
    return this.runs;
  };

  async open(): Promise<void> {
    await this.queue.ready();
    await assertEmbeddedLayout(this.queue, this.config);
    await this.runs?.open();
    this.logger.info('queue mode: runs go to workers', { backend: this.queue.backend });
  }

  /** /readyz: a main that cannot hand runs over is not ready. */
  assertReachable(): void {
    if (!this.queue.reachable) throw new UnavailableError(`The execution queue (${this.queue.backend}) is unreachable`, 5);
  }

  async snapshot(): Promise<QueueSnapshot> {
    const [counts, workers] = await Promise.all([this.queue.counts(), this.queue.listWorkers()]);
    return { backend: this.queue.backend, counts, workers };
  }

  readonly gauges = async (): Promise<QueueGauges | undefined> => {
    const snapshot = await this.snapshot();
    return { counts: snapshot.counts, workers: snapshot.workers.length };
  };

  async close(): Promise<void> {
    this.runs?.close();
    await this.queue.close();
  }
}
