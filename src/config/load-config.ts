import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError } from './config-error';
import { envSchema, type ParsedEnv } from './env-schema';
import type { Config, OdooConfig } from './types';

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /** Base of relative DATA_DIR and WORKFLOWS_DIR; the process's working directory by default. */
  cwd?: string;
  /** The `.env` file read when `env` is `process.env`; `<cwd>/.env` by default. */
  dotenvPath?: string;
}

/**
 * Reads `.env` into `target` without overriding what is already set, so real environment
 * variables always win over the file. A missing file is fine.
 */
export function loadDotenv(dotenvPath: string, target: Record<string, string | undefined> = process.env): void {
  dotenv.config({ path: dotenvPath, processEnv: target as dotenv.DotenvPopulateInput, override: false, quiet: true });
}

/**
 * The service's configuration, validated and frozen. Reading `process.env` (the default)
 * first loads `.env`; an explicit `env` object is used as is. Throws a ConfigError listing
 * every unusable variable.
 */
export function loadConfig(env: EnvSource = process.env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  if (env === process.env) loadDotenv(options.dotenvPath ?? path.join(cwd, '.env'));
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  return deepFreeze(toConfig(parsed.data, cwd));
}

function toConfig(env: ParsedEnv, cwd: string): Config {
  const host = env.HOST ?? '127.0.0.1';
  const common = {
    sidecarApiKey: env.SIDECAR_API_KEY,
    credentialsKey: env.CREDENTIALS_KEY,
    host,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL ?? defaultPublicUrl(host, env.PORT),
    redisUrl: env.REDIS_URL,
    dataDir: path.resolve(cwd, env.DATA_DIR ?? './data'),
    workflowsDir: path.resolve(cwd, env.WORKFLOWS_DIR ?? './examples'),
    logLevel: env.LOG_LEVEL,
    timezone: env.GENERIC_TIMEZONE,
    concurrencyLimit: env.CONCURRENCY_LIMIT,
    queueLimit: env.QUEUE_LIMIT,
    maxNodeRuns: env.MAX_NODE_RUNS,
    codeTimeoutMs: env.CODE_TIMEOUT_MS,
    codeMemoryMb: env.CODE_MEMORY_MB,
    codeConcurrency: env.CODE_CONCURRENCY,
    codeOffThread: env.CODE_OFF_THREAD,
    envAllowlist: env.ENV_ALLOWLIST,
    metricsPublic: env.METRICS_PUBLIC,
    maxBodyBytes: env.MAX_BODY_BYTES,
    prune: withoutUndefined({
      maxAgeHours: env.EXECUTIONS_PRUNE_MAX_AGE_HOURS,
      maxCount: env.EXECUTIONS_PRUNE_MAX_COUNT,
    }),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    webhookResponseTimeoutMs: env.WEBHOOK_RESPONSE_TIMEOUT_MS,
    testWebhookTimeoutMs: env.TEST_WEBHOOK_TIMEOUT_MS,
    maxSubworkflowDepth: env.MAX_SUBWORKFLOW_DEPTH,
    binary: {
      inlineMaxBytes: env.BINARY_INLINE_MAX_BYTES,
      maxBytes: env.MAX_BINARY_BYTES,
      filesDir: env.FILES_DIR === undefined ? undefined : path.resolve(cwd, env.FILES_DIR),
      allowExecuteCommand: env.NODES_ALLOW_EXECUTE_COMMAND,
    },
    queue: env.EXECUTIONS_MODE === 'queue' && env.QUEUE_URL !== undefined ? { url: env.QUEUE_URL, workerConcurrency: env.WORKER_CONCURRENCY, leaseMs: env.QUEUE_LEASE_MS } : undefined,
  };
  const withoutOptionalHoles = withoutUndefined(common);
  if (env.ODOO_URL === undefined) return { ...withoutOptionalHoles, mode: 'embedded' };
  // The schema's refinement guarantees db and user in odoo mode.
  const odoo: OdooConfig = withoutUndefined({
    url: env.ODOO_URL,
    db: env.ODOO_DB ?? '',
    user: env.ODOO_USER ?? '',
    password: env.ODOO_PASSWORD,
    apiKey: env.ODOO_API_KEY,
    transport: env.ODOO_TRANSPORT,
    timeoutMs: env.ODOO_TIMEOUT_MS,
    outboxMaxPending: env.OUTBOX_MAX_PENDING,
  });
  return { ...withoutOptionalHoles, mode: 'odoo', odoo };
}

/**
 * Binding to a wildcard address serves every interface, but nobody can call
 * `http://0.0.0.0`; links built from PUBLIC_URL must be callable, so use localhost.
 */
function defaultPublicUrl(host: string, port: number): string {
  const reachableHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const urlHost = reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost;
  return `http://${urlHost}:${port}`;
}

/** Absent optional settings are left out rather than present as `undefined`. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}
