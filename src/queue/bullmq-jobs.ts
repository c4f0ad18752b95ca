import { Queue, Worker, type BackendFactory, type IQueueBackend, type Job, type QueueBaseOptions } from 'bullmq';
import type { ActiveJob, JobConsumer, QueueCounts, QueueJob, WorkerOptions } from './job-queue';

/** The one queue every main adds to and every worker takes from. */
export const QUEUE_NAME = 'automator-executions';

/** Finished jobs are kept this long so an enqueue repeated meanwhile (same id) adds nothing. */
const KEEP_FINISHED_SECONDS = 24 * 3600;
const KEEP_FINISHED_COUNT = 100_000;

/** How BullMQ reaches the backend: the connection for the producer and for the consumers. */
export interface BullConnections<C> {
  producer: C;
  consumer: C;
  factory?: BackendFactory<IQueueBackend, C>;
}

/**
 * The job half of a JobQueue, the same over both backends: BullMQ's Queue and Worker take a
 * backend factory (Redis by default, `createPostgresBackend` for PostgreSQL) and behave alike.
 * Each job runs at most once: a job a worker took before (its lease lapsed: the worker died)
 * is handed over with `attemptsStarted > 1` and the handler decides (it marks it crashed).
 */
export class BullJobs<T, C> {
  /** Typed by what we call: the two backends give Queue different type parameters. */
  private readonly queue: Pick<Queue, 'add' | 'getJob' | 'remove' | 'getJobCounts' | 'close' | 'waitUntilReady' | 'on'>;

  constructor(private readonly connections: BullConnections<C>) {
    const options = { connection: connections.producer } as QueueBaseOptions<C>;
    this.queue = (connections.factory ? new Queue(QUEUE_NAME, options, connections.factory) : new Queue(QUEUE_NAME, options as QueueBaseOptions)) as unknown as BullJobs<T, C>['queue'];
    // Errors surface on the calls that fail; an unhandled 'error' event would kill the process.
    this.queue.on('error', () => undefined);
  }

  async ready(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  async enqueue(job: QueueJob<T>): Promise<void> {
    await this.queue.add('execution', job.data, {
      jobId: job.id,
      delay: job.delayMs,
      attempts: 1,
      removeOnComplete: { age: KEEP_FINISHED_SECONDS, count: KEEP_FINISHED_COUNT },
      removeOnFail: { age: KEEP_FINISHED_SECONDS, count: KEEP_FINISHED_COUNT },
    });
  }

  async removeWaiting(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    return (await this.queue.remove(id)) === 1;
  }

  consume(handler: (job: ActiveJob<T>) => Promise<unknown>, options: WorkerOptions, onError: (error: Error) => void): JobConsumer {
    const processor = async (job: Job) => {
      await handler({ id: job.id ?? '', data: job.data as T, attemptsStarted: job.attemptsStarted });
      // The outcome travels on the broadcast channel; the job keeps no copy of the run.
      return null;
    };
    const workerOptions = {
      connection: this.connections.consumer,
      concurrency: options.concurrency,
      lockDuration: options.leaseMs,
      stalledInterval: options.leaseMs,
      // A lapsed lease hands the job back once, to be marked crashed, never run again.
      maxStalledCount: 1,
    };
    const worker = this.connections.factory
      ? new Worker(QUEUE_NAME, processor, workerOptions as QueueBaseOptions<C> & typeof workerOptions, this.connections.factory)
      : new Worker(QUEUE_NAME, processor, workerOptions as QueueBaseOptions & typeof workerOptions);
    worker.on('error', onError);
    if (options.onLeaseLost) worker.on('lockRenewalFailed', options.onLeaseLost);
    return {
      // BullMQ's close: stop taking jobs, wait for the active ones to finish.
      close: () => worker.close(),
    };
  }

  async counts(): Promise<QueueCounts> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
