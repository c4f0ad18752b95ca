import type { Config, QueueConfig } from '../config';
import { buildExecutionCore, type CoreOverrides } from '../server/execution-core';
import type { ExecutionJob, StartJob } from './execution-jobs';
import { JobRunner } from './job-runner';
import { openJobQueue } from './queue-choice';
import { assertEmbeddedLayout } from './queue-mode';
import { QueueRuns } from './queue-runs';

export interface RunningWorker {
  readonly runner: JobRunner;
  /** SIGTERM: takes no new job, finishes the running ones, then closes everything. */
  stop(): Promise<void>;
}

/**
 * A worker process (`node dist/worker.js`): the same stores, sandbox and engine as a main,
 * no HTTP API; it runs the jobs the mains enqueue. Runs its runs start (error workflows,
 * sub-workflows) go through the queue too.
 */
export async function startWorker(config: Config & { queue: QueueConfig }, overrides: CoreOverrides): Promise<RunningWorker> {
  const { logger } = overrides;
  const queue = openJobQueue<ExecutionJob>(config.queue.url, logger);
  let runs: QueueRuns | undefined;
  // The runner needs the service, the service's onWaiting needs the runner.
  const runnerRef: { current?: JobRunner } = {};
  const core = buildExecutionCore(config, overrides, {
    remote: (executions) => (runs = new QueueRuns({ queue, executions, logger })),
    onWaiting: (execution, data) => runnerRef.current?.parked(execution, data),
  });
  const { service, loader, executions } = core;
  const build = async (job: StartJob) => {
    if (job.canvasId !== undefined) {
      const loaded = await loader.load(job.canvasId);
      return { workflow: loaded.workflow, canvasId: loaded.stored.id, snapshot: loaded.stored.json };
    }
    const inline = job.inline;
    if (inline === undefined) throw new Error(`Job of execution "${job.executionId}" names no workflow`);
    return { workflow: loader.build(inline.json, { workflowId: inline.workflowId, name: inline.name, active: false }), canvasId: inline.canvasId, snapshot: inline.json };
  };
  const runner = new JobRunner({ queue, service, executions, workflows: loader, build, concurrency: config.queue.workerConcurrency, leaseMs: config.queue.leaseMs, logger });
  runnerRef.current = runner;
  try {
    await queue.ready();
    await assertEmbeddedLayout(queue, config);
    await core.expressions.warmUp?.();
    await runs?.open();
    await runner.start();
  } catch (error) {
    await queue.close();
    await core.stores.close();
    core.expressions.dispose();
    throw error;
  }
  logger.info(`worker ${runner.id} taking jobs (${queue.backend}, concurrency ${config.queue.workerConcurrency})`, { worker: runner.id, backend: queue.backend });
  const started = runner;
  let stopping: Promise<void> | undefined;
  return {
    runner: started,
    stop() {
      stopping ??= (async () => {
        logger.info('worker stopping: no new jobs, finishing the running ones');
        await started.stop();
        runs?.close();
        await queue.close();
        await core.stores.close();
        core.expressions.dispose();
        logger.info('worker stopped');
      })();
      return stopping;
    },
  };
}
