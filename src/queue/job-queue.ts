import type { StateStore } from '../store/types';

/** Which BullMQ backend holds the jobs. */
export type QueueBackendKind = 'redis' | 'postgres';

/** A job as enqueued: `id` is BullMQ's job id (the execution id for a start). */
export interface QueueJob<T> {
  id: string;
  data: T;
  /** Run no earlier than this many ms from now (a timed wait). */
  delayMs?: number;
}

/** What a worker is handed for one job. */
export interface ActiveJob<T> {
  id: string;
  data: T;
  /** How many times a worker took this job; past 1, a worker died holding it (its lease lapsed). */
  attemptsStarted: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** A worker process as it last reported itself. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  lastSeenAt: string;
}

export interface WorkerOptions {
  concurrency: number;
  /** A job whose worker has not renewed its lease for this long is taken as crashed. */
  leaseMs: number;
  /** Told when this worker lost its lease on jobs (another worker now treats them as crashed). */
  onLeaseLost?: (jobIds: string[]) => void;
}

/** A running consumer of the queue. */
export interface JobConsumer {
  /** Takes no new job and resolves once the running ones have finished. */
  close(): Promise<void>;
}

/**
 * The queue as the service sees it, whatever holds it (Redis or PostgreSQL through BullMQ 6).
 * Besides jobs it offers what several processes must agree on atomically (claims, the
 * schedule slots' compare-and-set), a broadcast channel between processes, and the workers'
 * heartbeats: one backend connection string is all a deployment configures.
 */
export interface JobQueue<T> {
  readonly backend: QueueBackendKind;
  /** Resolves once the backend answers (throws after the connect attempts fail). */
  ready(): Promise<void>;
  /** False while the backend cannot be reached (new runs are then refused with 503). */
  readonly reachable: boolean;
  /** Adds a job; an id already in the queue (waiting, active or kept finished) adds nothing. */
  enqueue(job: QueueJob<T>): Promise<void>;
  /** Removes a job still waiting or delayed; false when a worker has it or it is gone. */
  removeWaiting(id: string): Promise<boolean>;
  consume(handler: (job: ActiveJob<T>) => Promise<unknown>, options: WorkerOptions): JobConsumer;
  counts(): Promise<QueueCounts>;
  /** True for the one caller that takes `key` first (until `ttlMs` passes). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Compare-and-set and reads over small shared values (schedule slots). */
  readonly state: StateStore;
  /** Sends `message` to every process subscribed (at most once, only to those listening now). */
  publish(message: string): Promise<void>;
  subscribe(listener: (message: string) => void): Promise<void>;
  /** Records this worker as alive for `ttlMs`; `listWorkers` shows those alive. */
  heartbeat(worker: WorkerInfo, ttlMs: number): Promise<void>;
  listWorkers(): Promise<WorkerInfo[]>;
  close(): Promise<void>;
}
