import type { JobQueue } from './job-queue';
import type * as PostgresQueue from './postgres-queue';
import type * as RedisQueue from './redis-queue';
import type { QueueLog } from './reconnect';

/**
 * The backend is chosen once, by QUEUE_URL's scheme; nothing else knows which it is. Its
 * module (with bullmq, ioredis or pg) is loaded only then: a service without a queue never
 * pays for them at start-up.
 */
export function openJobQueue<T>(url: string, log: QueueLog): JobQueue<T> {
  const scheme = new URL(url).protocol.slice(0, -1);
  if (scheme === 'redis' || scheme === 'rediss') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return new (require('./redis-queue') as typeof RedisQueue).RedisJobQueue<T>(url, log);
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return new (require('./postgres-queue') as typeof PostgresQueue).PostgresJobQueue<T>(url, log);
  }
  throw new Error(`QUEUE_URL must start with redis://, rediss://, postgres:// or postgresql://, got '${scheme}:'`);
}
