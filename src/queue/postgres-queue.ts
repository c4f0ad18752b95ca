import { MIGRATION_ADVISORY_LOCK_KEY, createPostgresBackend, type PostgresPoolConfig } from 'bullmq';
import { Client, Pool, type PoolConfig } from 'pg';
import type { StateStore } from '../store/types';
import { BullJobs } from './bullmq-jobs';
import type { ActiveJob, JobConsumer, JobQueue, QueueCounts, QueueJob, WorkerInfo, WorkerOptions } from './job-queue';
import { reconnectDelayMs, type QueueLog } from './reconnect';

const CHANNEL = 'automator_events';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes: longer messages go through a table. */
const INLINE_MAX = 7000;
const DEFAULT_SCHEMA = 'automator_queue';

/** The connection and schema from postgres://user:pass@host:port/db[?schema=name]. */
export function postgresTarget(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`QUEUE_URL: schema must be a lower-case SQL name, got '${schema}'`);
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/**
 * Our tables beside BullMQ's, in the same schema. Several processes may start together:
 * BullMQ's own migration lock (its key, per schema) serialises our creation with its own,
 * so two `CREATE SCHEMA IF NOT EXISTS` never race.
 */
function migration(schema: string): string {
  return `
SELECT pg_advisory_xact_lock(${MIGRATION_ADVISORY_LOCK_KEY}, hashtext('${schema}'));
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.automator_claims (key text PRIMARY KEY, expires_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS ${schema}.automator_state (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS ${schema}.automator_messages (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS ${schema}.automator_workers (id text PRIMARY KEY, info jsonb NOT NULL, expires_at timestamptz NOT NULL);`;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/**
 * The queue on PostgreSQL (for an Odoo deployment: the server Odoo already uses, in a schema
 * of its own): BullMQ's PostgreSQL backend for jobs, `INSERT ... ON CONFLICT` for claims and
 * compare-and-set, LISTEN/NOTIFY for the broadcast.
 */
export class PostgresJobQueue<T> implements JobQueue<T> {
  readonly backend = 'postgres' as const;
  private readonly pool: Pool;
  private readonly jobs: BullJobs<T, PostgresPoolConfig>;
  private readonly schema: string;
  private readonly poolConfig: PoolConfig;
  private migrated?: Promise<void>;
  private listener?: Client;
  private listeners: Array<(message: string) => void> = [];
  private listening = false;
  private failedAt?: number;
  private closed = false;
  private sweepTimer?: NodeJS.Timeout;
  readonly state: StateStore;

  constructor(
    url: string,
    private readonly log: QueueLog,
  ) {
    const { connectionString, schema } = postgresTarget(url);
    this.schema = schema;
    this.poolConfig = { connectionString, max: 10, connectionTimeoutMillis: 5000 };
    this.pool = new Pool(this.poolConfig);
    this.pool.on('error', (error) => this.connectionFailed(error));
    const bull: PostgresPoolConfig = { connectionString, schema, max: 10, connectionTimeoutMillis: 5000, migrate: true };
    this.jobs = new BullJobs<T, PostgresPoolConfig>({ producer: bull, consumer: bull, factory: createPostgresBackend });
    const query = this.query.bind(this);
    this.state = {
      async compareAndSet(key, expected, value) {
        const result =
          expected === undefined
            ? await query(`INSERT INTO ${schema}.automator_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`, [key, value])
            : await query(`UPDATE ${schema}.automator_state SET value = $3 WHERE key = $1 AND value = $2 RETURNING key`, [key, expected, value]);
        return result.length === 1;
      },
      async getValue(key) {
        const rows = await query(`SELECT value FROM ${schema}.automator_state WHERE key = $1`, [key]);
        return rows[0]?.value as string | undefined;
      },
    };
  }

  get reachable(): boolean {
    return this.failedAt === undefined;
  }

  private connectionFailed(error: Error): void {
    const code = (error as { code?: string }).code;
    if (code !== undefined && !CONNECTION_CODES.has(code)) return;
    if (this.failedAt === undefined) this.log.warn('queue backend unreachable (PostgreSQL); reconnecting', { error: error.message });
    this.failedAt = Date.now();
  }

  private async query(text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    await this.migrate();
    try {
      const result = await this.pool.query(text, values);
      this.failedAt = undefined;
      return result.rows as Array<Record<string, unknown>>;
    } catch (error) {
      this.connectionFailed(error as Error);
      throw error;
    }
  }

  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(migration(this.schema));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.migrated = undefined;
      this.connectionFailed(error as Error);
      throw error;
    });
    return this.migrated;
  }

  async ready(): Promise<void> {
    await this.migrate();
    await this.jobs.ready();
    this.sweepTimer ??= setInterval(() => void this.sweep(), 60_000).unref();
  }

  /** Old long messages and expired claims go: they only matter for seconds. */
  private async sweep(): Promise<void> {
    await this.query(`DELETE FROM ${this.schema}.automator_messages WHERE created_at < now() - interval '10 minutes'`).catch(() => undefined);
    await this.query(`DELETE FROM ${this.schema}.automator_claims WHERE expires_at < now()`).catch(() => undefined);
    await this.query(`DELETE FROM ${this.schema}.automator_workers WHERE expires_at < now() - interval '1 hour'`).catch(() => undefined);
  }

  enqueue(job: QueueJob<T>): Promise<void> {
    return this.jobs.enqueue(job);
  }

  removeWaiting(id: string): Promise<boolean> {
    return this.jobs.removeWaiting(id);
  }

  consume(handler: (job: ActiveJob<T>) => Promise<unknown>, options: WorkerOptions): JobConsumer {
    return this.jobs.consume(handler, options, (error) => this.log.warn('queue worker connection problem (PostgreSQL); reconnecting', { error: error.message }));
  }

  counts(): Promise<QueueCounts> {
    return this.jobs.counts();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO ${this.schema}.automator_claims (key, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE ${this.schema}.automator_claims.expires_at < now()
       RETURNING key`,
      [key, ttlMs],
    );
    return rows.length === 1;
  }

  async publish(message: string): Promise<void> {
    if (Buffer.byteLength(message) <= INLINE_MAX) {
      await this.query('SELECT pg_notify($1, $2)', [CHANNEL, `m${message}`]);
      return;
    }
    const rows = await this.query(`INSERT INTO ${this.schema}.automator_messages (payload) VALUES ($1) RETURNING id`, [message]);
    await this.query('SELECT pg_notify($1, $2)', [CHANNEL, `r${String(rows[0]?.id)}`]);
  }

  async subscribe(listener: (message: string) => void): Promise<void> {
    this.listeners.push(listener);
    if (!this.listening) {
      this.listening = true;
      await this.listen(1);
    }
  }

  /** One long-lived LISTEN connection, opened again with backoff whenever it drops. */
  private async listen(attempt: number): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.poolConfig.connectionString, connectionTimeoutMillis: 5000 });
    const retry = (error: Error) => {
      this.connectionFailed(error);
      if (this.listener === client) this.listener = undefined;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen(attempt + 1), reconnectDelayMs(attempt)).unref();
    };
    client.on('error', retry);
    client.on('notification', (notification) => {
      if (notification.channel === CHANNEL && notification.payload !== undefined) void this.deliver(notification.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      this.failedAt = undefined;
    } catch (error) {
      retry(error as Error);
    }
  }

  private async deliver(payload: string): Promise<void> {
    let message: string | undefined = payload.slice(1);
    if (payload.startsWith('r')) {
      const rows = await this.query(`SELECT payload FROM ${this.schema}.automator_messages WHERE id = $1`, [Number(payload.slice(1))]).catch(() => []);
      message = rows[0]?.payload as string | undefined;
    }
    if (message === undefined) return;
    for (const listener of this.listeners) listener(message);
  }

  async heartbeat(worker: WorkerInfo, ttlMs: number): Promise<void> {
    await this.query(
      `INSERT INTO ${this.schema}.automator_workers (id, info, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (id) DO UPDATE SET info = excluded.info, expires_at = excluded.expires_at`,
      [worker.id, JSON.stringify(worker), ttlMs],
    );
  }

  async listWorkers(): Promise<WorkerInfo[]> {
    const rows = await this.query(`SELECT info FROM ${this.schema}.automator_workers WHERE expires_at > now() ORDER BY id`);
    return rows.map((row) => row.info as WorkerInfo);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.jobs.close().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
