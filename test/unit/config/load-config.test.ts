import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, loadDotenv, type EnvSource } from '../../../src/config';

const cwd = '/srv/sidecar';

function load(env: EnvSource) {
  return loadConfig(env, { cwd });
}

function issuesOf(env: EnvSource): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const odooEnv = { ODOO_URL: 'http://odoo:8069/', ODOO_DB: 'prod', ODOO_USER: 'sidecar@example.com', ODOO_PASSWORD: ' pw ' };

describe('loadConfig defaults', () => {
  it('gives the documented defaults for an empty environment, in embedded mode', () => {
    expect(load({})).toEqual({
      mode: 'embedded',
      host: '127.0.0.1',
      port: 5680,
      publicUrl: 'http://127.0.0.1:5680',
      dataDir: '/srv/sidecar/data',
      workflowsDir: '/srv/sidecar/examples',
      logLevel: 'info',
      timezone: 'UTC',
      concurrencyLimit: -1,
      queueLimit: 100,
      maxNodeRuns: 10000,
      codeTimeoutMs: 5000,
      codeMemoryMb: 128,
      codeConcurrency: os.availableParallelism(),
      codeOffThread: true,
      envAllowlist: [],
      metricsPublic: false,
      maxBodyBytes: 16777216,
      prune: {},
      shutdownTimeoutMs: 30000,
      webhookResponseTimeoutMs: 60000,
      testWebhookTimeoutMs: 120000,
      maxSubworkflowDepth: 10,
      binary: { inlineMaxBytes: 1048576, maxBytes: 1073741824, allowExecuteCommand: false },
    });
  });

  it('treats blank variables as unset', () => {
    const config = load({ PORT: '', ODOO_URL: '  ', LOG_LEVEL: '' });
    expect(config.mode).toBe('embedded');
    expect(config.port).toBe(5680);
    expect(config.logLevel).toBe('info');
  });

  it('returns a frozen object', () => {
    const config = load({ ENV_ALLOWLIST: 'A' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.envAllowlist)).toBe(true);
    expect(() => (config.envAllowlist as string[]).push('B')).toThrow(TypeError);
  });
});

describe('loadConfig values', () => {
  it('parses every variable', () => {
    const config = load({
      SIDECAR_API_KEY: 'k'.repeat(32),
      HOST: '0.0.0.0',
      PORT: '8080',
      REDIS_URL: 'redis://cache:6379',
      DATA_DIR: '/var/lib/sidecar',
      WORKFLOWS_DIR: 'flows',
      LOG_LEVEL: 'DEBUG',
      GENERIC_TIMEZONE: 'Europe/Brussels',
      CONCURRENCY_LIMIT: '4',
      QUEUE_LIMIT: '0',
      MAX_NODE_RUNS: '500',
      CODE_TIMEOUT_MS: '1000',
      CODE_MEMORY_MB: '64',
      CODE_CONCURRENCY: '3',
      CODE_OFF_THREAD: 'false',
      ENV_ALLOWLIST: ' API_BASE, TENANT ,,API_BASE',
      METRICS_PUBLIC: 'yes',
      MAX_BODY_BYTES: '1048576',
      EXECUTIONS_PRUNE_MAX_AGE_HOURS: '336',
      EXECUTIONS_PRUNE_MAX_COUNT: '10000',
      SHUTDOWN_TIMEOUT_MS: '0',
      WEBHOOK_RESPONSE_TIMEOUT_MS: '5000',
      MAX_SUBWORKFLOW_DEPTH: '3',
    });
    expect(config).toMatchObject({
      sidecarApiKey: 'k'.repeat(32),
      host: '0.0.0.0',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      redisUrl: 'redis://cache:6379',
      dataDir: '/var/lib/sidecar',
      workflowsDir: '/srv/sidecar/flows',
      logLevel: 'debug',
      timezone: 'Europe/Brussels',
      concurrencyLimit: 4,
      queueLimit: 0,
      maxNodeRuns: 500,
      codeTimeoutMs: 1000,
      codeMemoryMb: 64,
      codeConcurrency: 3,
      codeOffThread: false,
      envAllowlist: ['API_BASE', 'TENANT'],
      metricsPublic: true,
      maxBodyBytes: 1048576,
      prune: { maxAgeHours: 336, maxCount: 10000 },
      shutdownTimeoutMs: 0,
      webhookResponseTimeoutMs: 5000,
      maxSubworkflowDepth: 3,
    });
  });

  it('builds PUBLIC_URL from HOST and PORT, bracketing IPv6 hosts', () => {
    expect(load({ HOST: '::1', PORT: '9000' }).publicUrl).toBe('http://[::1]:9000');
    expect(load({ HOST: '::' }).publicUrl).toBe('http://localhost:5680');
  });

  it('keeps an explicit PUBLIC_URL without its trailing slash', () => {
    expect(load({ PUBLIC_URL: 'https://automator.example.com/base/' }).publicUrl).toBe('https://automator.example.com/base');
  });

  it('reads booleans in their usual spellings', () => {
    expect(load({ METRICS_PUBLIC: 'TRUE' }).metricsPublic).toBe(true);
    expect(load({ METRICS_PUBLIC: '0' }).metricsPublic).toBe(false);
    expect(load({ METRICS_PUBLIC: 'off' }).metricsPublic).toBe(false);
  });
});

describe('loadConfig odoo mode', () => {
  it('is odoo mode when ODOO_URL is set', () => {
    const config = load(odooEnv);
    expect(config.mode).toBe('odoo');
    expect(config.odoo).toEqual({
      url: 'http://odoo:8069',
      db: 'prod',
      user: 'sidecar@example.com',
      password: ' pw ',
      transport: 'auto',
      timeoutMs: 30000,
      outboxMaxPending: 10000,
      writeBatch: 200,
      writeConcurrency: 2,
    });
  });

  it('accepts an API key instead of a password, and a transport, a timeout and a backlog bound', () => {
    const { ODOO_PASSWORD: _password, ...withoutPassword } = odooEnv;
    const config = load({ ...withoutPassword, ODOO_API_KEY: 'abc', ODOO_TRANSPORT: 'json2', ODOO_TIMEOUT_MS: '1500', OUTBOX_MAX_PENDING: '250', ODOO_WRITE_BATCH: '500', ODOO_WRITE_CONCURRENCY: '4' });
    expect(config.odoo).toEqual({
      url: 'http://odoo:8069',
      db: 'prod',
      user: 'sidecar@example.com',
      apiKey: 'abc',
      transport: 'json2',
      timeoutMs: 1500,
      outboxMaxPending: 250,
      writeBatch: 500,
      writeConcurrency: 4,
    });
  });

  it('refuses a backlog bound that is not a positive integer', () => {
    expect(issuesOf({ ...odooEnv, OUTBOX_MAX_PENDING: '0' })).toEqual([expect.stringMatching(/^OUTBOX_MAX_PENDING must be an integer/)]);
  });

  it('refuses write batches and concurrency out of range, naming the setting', () => {
    expect(issuesOf({ ...odooEnv, ODOO_WRITE_BATCH: '0', ODOO_WRITE_CONCURRENCY: 'many' })).toEqual([
      expect.stringMatching(/^ODOO_WRITE_BATCH must be an integer/),
      expect.stringMatching(/^ODOO_WRITE_CONCURRENCY must be an integer/),
    ]);
  });

  it('names each missing Odoo setting', () => {
    expect(issuesOf({ ODOO_URL: 'https://odoo.example.com' })).toEqual([
      'ODOO_DB is required when ODOO_URL is set',
      'ODOO_USER is required when ODOO_URL is set',
      'ODOO_PASSWORD or ODOO_API_KEY is required when ODOO_URL is set',
    ]);
  });

  it('refuses a transport the credentials cannot use', () => {
    const { ODOO_PASSWORD: _password, ...withoutPassword } = odooEnv;
    expect(issuesOf({ ...withoutPassword, ODOO_API_KEY: 'abc', ODOO_TRANSPORT: 'session' })).toEqual([
      'ODOO_TRANSPORT=session needs ODOO_PASSWORD (Odoo session login refuses API keys)',
    ]);
    expect(issuesOf({ ...odooEnv, ODOO_TRANSPORT: 'json2' })).toEqual([
      'ODOO_TRANSPORT=json2 needs ODOO_API_KEY (/json/2 authenticates with an API key only)',
    ]);
  });

  it('ignores Odoo credentials without ODOO_URL', () => {
    const config = load({ ODOO_DB: 'prod' });
    expect(config.mode).toBe('embedded');
    expect(config.odoo).toBeUndefined();
  });
});

describe('loadConfig errors', () => {
  it.each([
    [{ PORT: 'abc' }, "PORT must be an integer from 1 to 65535, got 'abc'"],
    [{ PORT: '70000' }, "PORT must be an integer from 1 to 65535, got '70000'"],
    [{ PORT: '80.5' }, "PORT must be an integer from 1 to 65535, got '80.5'"],
    [{ QUEUE_LIMIT: '-5' }, "QUEUE_LIMIT must be an integer of at least 0, got '-5'"],
    [{ CONCURRENCY_LIMIT: '0' }, "CONCURRENCY_LIMIT must be -1 (unlimited) or an integer of at least 1, got '0'"],
    [{ CODE_TIMEOUT_MS: '3000000000' }, "CODE_TIMEOUT_MS must be an integer from 1 to 2147483647, got '3000000000'"],
    [{ CODE_MEMORY_MB: '4' }, "CODE_MEMORY_MB must be an integer from 8 to 16384, got '4'"],
    [{ CODE_CONCURRENCY: '0' }, "CODE_CONCURRENCY must be an integer from 1 to 1024, got '0'"],
    [{ CODE_OFF_THREAD: 'maybe' }, "CODE_OFF_THREAD must be true or false, got 'maybe'"],
    [{ EXECUTIONS_PRUNE_MAX_COUNT: '0' }, "EXECUTIONS_PRUNE_MAX_COUNT must be an integer of at least 1, got '0'"],
    [{ LOG_LEVEL: 'loud' }, "LOG_LEVEL must be one of error, warn, info, http, verbose, debug, got 'loud'"],
    [{ ODOO_TRANSPORT: 'xmlrpc' }, "ODOO_TRANSPORT must be one of auto, session, jsonrpc, json2, got 'xmlrpc'"],
    [{ GENERIC_TIMEZONE: 'Mars/Olympus' }, "GENERIC_TIMEZONE must be an IANA time zone such as Europe/Brussels, got 'Mars/Olympus'"],
    [{ METRICS_PUBLIC: 'maybe' }, "METRICS_PUBLIC must be true or false, got 'maybe'"],
    [{ ODOO_URL: 'odoo:8069' }, "ODOO_URL must be a URL with scheme http or https, such as http://localhost:8069, got 'odoo:8069'"],
    [{ REDIS_URL: 'http://cache' }, "REDIS_URL must be a URL with scheme redis or rediss, such as redis://localhost:6379, got 'http://cache'"],
    [{ ENV_ALLOWLIST: 'OK,not valid' }, "ENV_ALLOWLIST must list environment variable names separated by commas, got 'not valid'"],
    [{ ENV_ALLOWLIST: 'API_BASE,ODOO_PASSWORD' }, 'ENV_ALLOWLIST must not expose the service\'s own secret ODOO_PASSWORD'],
  ])('%j -> %s', (env, message) => {
    expect(() => load(env)).toThrow(new ConfigError([message]));
  });

  it('reports every bad variable at once, as a ConfigError', () => {
    let caught: unknown;
    try {
      load({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toBe(
      "PORT must be an integer from 1 to 65535, got 'abc'; LOG_LEVEL must be one of error, warn, info, http, verbose, debug, got 'loud'",
    );
    expect((caught as ConfigError).code).toBe('internal');
  });
});

describe('loadDotenv', () => {
  it('fills unset variables from the file without overriding real ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-dotenv-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=7000\nLOG_LEVEL=debug\n# a comment\nGENERIC_TIMEZONE="Europe/Paris"\n');
    const target: Record<string, string | undefined> = { PORT: '9000' };
    loadDotenv(file, target);
    expect(target).toEqual({ PORT: '9000', LOG_LEVEL: 'debug', GENERIC_TIMEZONE: 'Europe/Paris' });
    expect(load(target)).toMatchObject({ port: 9000, logLevel: 'debug', timezone: 'Europe/Paris' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is applied by loadConfig() when it reads process.env, real variables winning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-dotenv-'));
    fs.writeFileSync(path.join(dir, '.env'), 'WORKFLOWS_DIR=from-dotenv\nMAX_SUBWORKFLOW_DEPTH=4\n');
    const saved = { WORKFLOWS_DIR: process.env.WORKFLOWS_DIR, MAX_SUBWORKFLOW_DEPTH: process.env.MAX_SUBWORKFLOW_DEPTH };
    delete process.env.WORKFLOWS_DIR;
    process.env.MAX_SUBWORKFLOW_DEPTH = '7';
    try {
      const config = loadConfig(process.env, { cwd: dir });
      expect([config.workflowsDir, config.maxSubworkflowDepth]).toEqual([path.join(dir, 'from-dotenv'), 7]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the target alone when the file does not exist', () => {
    const target: Record<string, string | undefined> = { A: '1' };
    loadDotenv('/nonexistent/.env', target);
    expect(target).toEqual({ A: '1' });
  });
});
