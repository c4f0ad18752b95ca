import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logging';
import { installSafetyNet } from './safety-net';
import { buildService, type BuiltService, type ServiceOverrides } from './server/build-service';
import { checkOdooLoginRights } from './server/startup-rights';

export interface RunningService {
  readonly built: BuiltService;
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Graceful stop: refuse new work, finish runs up to SHUTDOWN_TIMEOUT_MS, close stores. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: Config;
  logger?: Logger;
  overrides?: Omit<ServiceOverrides, 'logger'>;
  /** Handle SIGTERM/SIGINT (the real process); off for tests and the bench. */
  handleSignals?: boolean;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** How long answers to requests of finished runs may take to leave once the runs are done. */
const RESPONSE_GRACE_MS = 2000;
const IDLE_SWEEP_MS = 50;
const PREPARE_AFTER_MS = 1000;

/**
 * Stops accepting connections at once; `whenWorkDone` resolving means the runs ended, so
 * their callers' answers are being written: kept-alive connections are closed as soon as
 * they go idle, and whatever is still open after a grace period is cut.
 */
async function closeServer(server: Server, whenWorkDone: Promise<void>): Promise<void> {
  let closed = false;
  const allClosed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
    closed = true;
  });
  server.closeIdleConnections();
  await whenWorkDone;
  const deadline = Date.now() + RESPONSE_GRACE_MS;
  while (!closed && Date.now() < deadline) {
    server.closeIdleConnections();
    await Promise.race([allClosed, new Promise((resolve) => setTimeout(resolve, IDLE_SWEEP_MS).unref())]);
  }
  server.closeAllConnections();
  await allClosed;
}

/**
 * The composition root: config -> logger -> stores -> registry -> engine -> use cases ->
 * triggers -> app -> listen. `node dist/main.js` and `cli serve` both land here.
 */
export async function startService(options: StartOptions = {}): Promise<RunningService> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.logLevel);
  await checkOdooLoginRights(config, logger);
  const built = buildService(config, { ...options.overrides, logger });
  await built.start();
  const server = http.createServer(built.app);
  try {
    await listen(server, config.host, config.port);
  } catch (error) {
    await built.shutdown(0);
    server.close();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  // The management API's express app is built shortly after listening, so the first calls
  // (production webhooks, which do not need it) are not held up by loading it.
  setTimeout(() => built.app.prepare(), PREPARE_AFTER_MS).unref();
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info(`sidecar listening on ${url} (${config.mode} mode)`, { mode: config.mode, port, workflowsDir: config.mode === 'embedded' ? config.workflowsDir : undefined });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down: no new requests, finishing running executions', { timeoutMs: config.shutdownTimeoutMs });
      const workDone = built.stopWork(config.shutdownTimeoutMs);
      await closeServer(server, workDone);
      await built.close();
      logger.info('shut down');
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    installSafetyNet({
      logger,
      onFatal: () => {
        // Exit non-zero so a supervisor restarts the service; the stop is bounded by its own timeouts.
        void stop()
          .catch((error: unknown) => logger.error('shutdown failed', { error }))
          .finally(() => process.exit(1));
      },
    });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void stop()
          .catch((error: unknown) => logger.error('shutdown failed', { error }))
          .finally(() => process.exit(0));
      });
    }
  }
  return { built, server, url, port, stop };
}

if (require.main === module) {
  startService().catch((error: unknown) => {
    const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `cannot start: ${(error as Error).message ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
