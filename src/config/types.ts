import type { LogLevel } from '../logging/logger';

export const ODOO_TRANSPORTS = ['auto', 'session', 'jsonrpc', 'json2'] as const;
export type OdooTransport = (typeof ODOO_TRANSPORTS)[number];
export const EXECUTIONS_MODES = ['regular', 'queue'] as const;

/** EXECUTIONS_MODE=queue: mains enqueue runs, `dist/worker.js` processes run them. */
export interface QueueConfig {
  /** redis://... or postgres://... (BullMQ's backend is chosen by the scheme). */
  readonly url: string;
  readonly workerConcurrency: number;
  readonly leaseMs: number;
}

export interface OdooConfig {
  /** Base URL without a trailing slash. */
  readonly url: string;
  readonly db: string;
  readonly user: string;
  readonly password?: string;
  readonly apiKey?: string;
  readonly transport: OdooTransport;
  readonly timeoutMs: number;
  /** OUTBOX_MAX_PENDING: writes allowed to wait for Odoo; past it production runs get 503. */
  readonly outboxMaxPending: number;
}

/** Optional pruning of old executions; both limits absent means pruning is off. */
export interface PruneConfig {
  readonly maxAgeHours?: number;
  readonly maxCount?: number;
}

/** Files and binary data (BINARY_INLINE_MAX_BYTES, MAX_BINARY_BYTES, FILES_DIR, NODES_ALLOW_EXECUTE_COMMAND). */
export interface BinaryConfig {
  /** Binary data up to this size stays inline (base64) on items; larger goes to DATA_DIR/binary/. */
  readonly inlineMaxBytes: number;
  /** Largest single file a node, webhook or download may produce. */
  readonly maxBytes: number;
  /** Absolute path the Read/Write Files from Disk node is confined to; unset: the node refuses. */
  readonly filesDir?: string;
  readonly allowExecuteCommand: boolean;
}

interface CommonConfig {
  /** As given in SIDECAR_API_KEY; `resolveApiKey` supplies the generated one otherwise. */
  readonly sidecarApiKey?: string;
  /** As given in CREDENTIALS_KEY; `resolveCredentialsKey` supplies the generated one otherwise. */
  readonly credentialsKey?: string;
  readonly host: string;
  readonly port: number;
  /** Base of resume and execution URLs, without a trailing slash. */
  readonly publicUrl: string;
  readonly redisUrl?: string;
  /** Absolute path. */
  readonly dataDir: string;
  /** Absolute path. */
  readonly workflowsDir: string;
  readonly logLevel: LogLevel;
  /** GENERIC_TIMEZONE: the IANA zone of workflows that set none. */
  readonly timezone: string;
  /** Production executions running at once; -1 means unlimited (n8n's convention). */
  readonly concurrencyLimit: number;
  /** Production executions allowed to wait behind the concurrency limit. */
  readonly queueLimit: number;
  readonly maxNodeRuns: number;
  readonly codeTimeoutMs: number;
  readonly codeMemoryMb: number;
  /** CODE_CONCURRENCY: Code-node calls running at once; more wait in turn. */
  readonly codeConcurrency: number;
  /** CODE_OFF_THREAD: false runs user JavaScript on the service thread, as before (for comparison only). */
  readonly codeOffThread: boolean;
  /** Variables `$env` may read; empty means none. */
  readonly envAllowlist: readonly string[];
  readonly metricsPublic: boolean;
  readonly maxBodyBytes: number;
  readonly prune: PruneConfig;
  readonly shutdownTimeoutMs: number;
  readonly webhookResponseTimeoutMs: number;
  /** TEST_WEBHOOK_TIMEOUT_MS: how long `/webhook-test/` URLs listen after a listen call (n8n: 120 s). */
  readonly testWebhookTimeoutMs: number;
  readonly maxSubworkflowDepth: number;
  readonly binary: BinaryConfig;
  /** Set in queue mode only (EXECUTIONS_MODE=queue). */
  readonly queue?: QueueConfig;
}

/** `odoo` mode when ODOO_URL is set (workflows and executions in Odoo), else `embedded`. */
export type Config =
  | (CommonConfig & { readonly mode: 'odoo'; readonly odoo: OdooConfig })
  | (CommonConfig & { readonly mode: 'embedded'; readonly odoo?: undefined });
