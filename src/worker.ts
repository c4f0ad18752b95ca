import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging';
import { installSafetyNet } from './safety-net';
import { startWorker } from './queue/worker-service';

/**
 * `node dist/worker.js`: a queue-mode worker (EXECUTIONS_MODE=queue, QUEUE_URL,
 * WORKER_CONCURRENCY). SIGTERM/SIGINT: no new job, running ones finish, then it exits.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const queue = config.queue;
  if (queue === undefined) throw new ConfigError(['a worker needs EXECUTIONS_MODE=queue and QUEUE_URL']);
  const logger = createLogger(config.logLevel);
  const worker = await startWorker({ ...config, queue }, { logger });
  const stop = (code: number) => {
    void worker
      .stop()
      .catch((error: unknown) => logger.error('worker shutdown failed', { error }))
      .finally(() => process.exit(code));
  };
  installSafetyNet({ logger, onFatal: () => stop(1) });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(0));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `cannot start: ${(error as Error).message ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
