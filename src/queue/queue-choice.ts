import type { JobQueue } from './job-queue';
import { PostgresJobQueue } from './postgres-queue';
import { RedisJobQueue } from './redis-queue';
import type { QueueLog } from './reconnect';

/** The backend is chosen once, by QUEUE_URL's scheme; nothing else knows which it is. */
export function openJobQueue<T>(url: string, log: QueueLog): JobQueue<T> {
  const scheme = new URL(url).protocol.slice(0, -1);
  if (scheme === 'redis' || scheme === 'rediss') return new RedisJobQueue<T>(url, log);
  if (scheme === 'postgres' || scheme === 'postgresql') return new PostgresJobQueue<T>(url, log);
  throw new Error(`QUEUE_URL must start with redis://, rediss://, postgres:// or postgresql://, got '${scheme}:'`);
}
