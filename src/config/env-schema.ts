import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { LOG_LEVELS } from '../logging/logger';
import { EXECUTIONS_MODES, ODOO_TRANSPORTS } from './types';
import {
  booleanVar,
  enumVar,
  integerVar,
  millisecondsVar,
  optionalIntegerVar,
  textVar,
  timezoneVar,
  urlVar,
  variableListVar,
} from './env-fields';

const SECRET_VARIABLES = ['SIDECAR_API_KEY', 'ODOO_PASSWORD', 'ODOO_API_KEY', 'CREDENTIALS_KEY'] as const;
const SIXTEEN_MIB = 16 * 1024 * 1024;

/** Every variable the service reads, with its default. Unknown variables are ignored. */
export const envSchema = z
  .object({
    ODOO_URL: urlVar('ODOO_URL', ['http', 'https'], 'http://localhost:8069'),
    ODOO_DB: textVar(),
    ODOO_USER: textVar(),
    ODOO_PASSWORD: textVar({ trim: false }),
    ODOO_API_KEY: textVar({ trim: false }),
    ODOO_TRANSPORT: enumVar('ODOO_TRANSPORT', ODOO_TRANSPORTS, 'auto'),
    ODOO_TIMEOUT_MS: millisecondsVar('ODOO_TIMEOUT_MS', 30_000),
    // About 10 s of full load at 1,000 executions/s, a few hundred MB of outbox at most.
    OUTBOX_MAX_PENDING: integerVar('OUTBOX_MAX_PENDING', { min: 1 }, 10_000),
    SIDECAR_API_KEY: textVar({ trim: false }),
    CREDENTIALS_KEY: textVar({ trim: false }),
    HOST: textVar(),
    PORT: integerVar('PORT', { min: 1, max: 65_535 }, 5680),
    PUBLIC_URL: urlVar('PUBLIC_URL', ['http', 'https'], 'https://automator.example.com'),
    REDIS_URL: urlVar('REDIS_URL', ['redis', 'rediss'], 'redis://localhost:6379'),
    DATA_DIR: textVar(),
    WORKFLOWS_DIR: textVar(),
    LOG_LEVEL: enumVar('LOG_LEVEL', LOG_LEVELS, 'info'),
    GENERIC_TIMEZONE: timezoneVar('GENERIC_TIMEZONE', 'UTC'),
    CONCURRENCY_LIMIT: integerVar('CONCURRENCY_LIMIT', { min: 1, special: { value: -1, label: '-1 (unlimited)' } }, -1),
    QUEUE_LIMIT: integerVar('QUEUE_LIMIT', { min: 0 }, 100),
    MAX_NODE_RUNS: integerVar('MAX_NODE_RUNS', { min: 1 }, 10_000),
    CODE_TIMEOUT_MS: millisecondsVar('CODE_TIMEOUT_MS', 5000),
    // isolated-vm refuses isolates under 8 MB.
    CODE_MEMORY_MB: integerVar('CODE_MEMORY_MB', { min: 8, max: 16_384 }, 128),
    // Each running Code call holds a core: by default as many at once as the machine has.
    CODE_CONCURRENCY: integerVar('CODE_CONCURRENCY', { min: 1, max: 1024 }, Math.max(1, availableParallelism())),
    CODE_OFF_THREAD: booleanVar('CODE_OFF_THREAD', true),
    ENV_ALLOWLIST: variableListVar('ENV_ALLOWLIST', SECRET_VARIABLES),
    METRICS_PUBLIC: booleanVar('METRICS_PUBLIC', false),
    MAX_BODY_BYTES: integerVar('MAX_BODY_BYTES', { min: 1024 }, SIXTEEN_MIB),
    EXECUTIONS_PRUNE_MAX_AGE_HOURS: optionalIntegerVar('EXECUTIONS_PRUNE_MAX_AGE_HOURS', { min: 1 }),
    EXECUTIONS_PRUNE_MAX_COUNT: optionalIntegerVar('EXECUTIONS_PRUNE_MAX_COUNT', { min: 1 }),
    SHUTDOWN_TIMEOUT_MS: millisecondsVar('SHUTDOWN_TIMEOUT_MS', 30_000, 0),
    WEBHOOK_RESPONSE_TIMEOUT_MS: millisecondsVar('WEBHOOK_RESPONSE_TIMEOUT_MS', 60_000),
    // n8n's TEST_WEBHOOK_TIMEOUT: how long a canvas listens for a test call.
    TEST_WEBHOOK_TIMEOUT_MS: millisecondsVar('TEST_WEBHOOK_TIMEOUT_MS', 120_000),
    MAX_SUBWORKFLOW_DEPTH: integerVar('MAX_SUBWORKFLOW_DEPTH', { min: 1, max: 1000 }, 10),
    BINARY_INLINE_MAX_BYTES: integerVar('BINARY_INLINE_MAX_BYTES', { min: 0 }, 1_048_576),
    MAX_BINARY_BYTES: integerVar('MAX_BINARY_BYTES', { min: 1 }, 1_073_741_824),
    FILES_DIR: textVar(),
    NODES_ALLOW_EXECUTE_COMMAND: booleanVar('NODES_ALLOW_EXECUTE_COMMAND', false),
    EXECUTIONS_MODE: enumVar('EXECUTIONS_MODE', EXECUTIONS_MODES, 'regular'),
    QUEUE_URL: urlVar('QUEUE_URL', ['redis', 'rediss', 'postgres', 'postgresql'], 'redis://localhost:6379'),
    WORKER_CONCURRENCY: integerVar('WORKER_CONCURRENCY', { min: 1, max: 1000 }, 10),
    // How long a worker's claim on a job lasts without renewal: a killed worker's runs are found this late.
    QUEUE_LEASE_MS: millisecondsVar('QUEUE_LEASE_MS', 30_000, 1000),
  })
  .superRefine((env, ctx) => {
    if (env.EXECUTIONS_MODE === 'queue' && env.QUEUE_URL === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'QUEUE_URL is required when EXECUTIONS_MODE=queue (redis://host:port or postgres://user:pass@host:port/db)' });
    }
    // An unusable ODOO_URL is already reported; its companions are checked once it is fixed.
    if (typeof env.ODOO_URL !== 'string') return;
    const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    if (env.ODOO_DB === undefined) issue('ODOO_DB is required when ODOO_URL is set');
    if (env.ODOO_USER === undefined) issue('ODOO_USER is required when ODOO_URL is set');
    if (env.ODOO_PASSWORD === undefined && env.ODOO_API_KEY === undefined) {
      issue('ODOO_PASSWORD or ODOO_API_KEY is required when ODOO_URL is set');
    }
    // Odoo's session login refuses API keys, and /json/2 accepts nothing else.
    if (env.ODOO_TRANSPORT === 'session' && env.ODOO_PASSWORD === undefined) {
      issue('ODOO_TRANSPORT=session needs ODOO_PASSWORD (Odoo session login refuses API keys)');
    }
    if (env.ODOO_TRANSPORT === 'json2' && env.ODOO_API_KEY === undefined) {
      issue('ODOO_TRANSPORT=json2 needs ODOO_API_KEY (/json/2 authenticates with an API key only)');
    }
  });

export type ParsedEnv = z.output<typeof envSchema>;
