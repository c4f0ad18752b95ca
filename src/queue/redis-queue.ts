import Redis, { type RedisOptions } from 'ioredis';
import type { StateStore } from '../store/types';
import { BullJobs } from './bullmq-jobs';
import type { ActiveJob, JobConsumer, JobQueue, QueueCounts, QueueJob, WorkerInfo, WorkerOptions } from './job-queue';
import { reconnectDelayMs, type QueueLog } from './reconnect';

const KEY = 'automator';
const CHANNEL = `${KEY}:events`;
const WORKERS = `${KEY}:workers`;

/** ioredis options from redis://[user:pass@]host:port[/db] (rediss:// for TLS). */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace(/^\//, '') || '0');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Moves a key from `expected` (absent when empty) to `value` in one step on the server. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** The queue on Redis: BullMQ's Redis backend, claims with SET NX, pub/sub for the broadcast. */
export class RedisJobQueue<T> implements JobQueue<T> {
  readonly backend = 'redis' as const;
  private readonly client: Redis;
  private subscriber?: Redis;
  private readonly jobs: BullJobs<T, RedisOptions>;
  readonly state: StateStore;

  constructor(
    url: string,
    private readonly log: QueueLog,
  ) {
    const base = redisOptions(url);
    const retryStrategy = (attempt: number) => reconnectDelayMs(attempt);
    // Calls fail at once while Redis is away (the caller answers 503) instead of queueing in memory.
    this.client = new Redis({ ...base, retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.client.on('error', (error: Error) => log.warn('queue backend unreachable (Redis); reconnecting', { error: error.message }));
    this.jobs = new BullJobs<T, RedisOptions>({
      producer: { ...base, retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      // BullMQ's workers block on Redis and must retry forever (its requirement).
      consumer: { ...base, retryStrategy, maxRetriesPerRequest: null },
    });
    const client = this.client;
    this.state = {
      async compareAndSet(key, expected, value) {
        return (await client.eval(COMPARE_AND_SET, 1, `${KEY}:state:${key}`, expected ?? '', value)) === 1;
      },
      async getValue(key) {
        return (await client.get(`${KEY}:state:${key}`)) ?? undefined;
      },
    };
  }

  get reachable(): boolean {
    return this.client.status === 'ready';
  }

  async ready(): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
    await this.jobs.ready();
  }

  enqueue(job: QueueJob<T>): Promise<void> {
    return this.jobs.enqueue(job);
  }

  removeWaiting(id: string): Promise<boolean> {
    return this.jobs.removeWaiting(id);
  }

  consume(handler: (job: ActiveJob<T>) => Promise<unknown>, options: WorkerOptions): JobConsumer {
    return this.jobs.consume(handler, options, (error) => this.log.warn('queue worker connection problem (Redis); reconnecting', { error: error.message }));
  }

  counts(): Promise<QueueCounts> {
    return this.jobs.counts();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(`${KEY}:claim:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async publish(message: string): Promise<void> {
    await this.client.publish(CHANNEL, message);
  }

  async subscribe(listener: (message: string) => void): Promise<void> {
    // A subscribed connection can do nothing else: it gets its own, which resubscribes on reconnect.
    this.subscriber ??= this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === CHANNEL) listener(message);
    });
    await this.subscriber.subscribe(CHANNEL);
  }

  async heartbeat(worker: WorkerInfo, ttlMs: number): Promise<void> {
    await this.client.multi().set(`${WORKERS}:${worker.id}`, JSON.stringify(worker), 'PX', ttlMs).sadd(WORKERS, worker.id).exec();
  }

  async listWorkers(): Promise<WorkerInfo[]> {
    const ids = await this.client.smembers(WORKERS);
    if (ids.length === 0) return [];
    const values = await this.client.mget(ids.map((id) => `${WORKERS}:${id}`));
    const gone = ids.filter((_, index) => values[index] === null);
    if (gone.length > 0) await this.client.srem(WORKERS, ...gone);
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as WorkerInfo);
  }

  async close(): Promise<void> {
    await this.jobs.close().catch(() => undefined);
    this.subscriber?.disconnect();
    this.client.disconnect();
  }
}
