import { hostname } from 'node:os';
import type { WebhookReply, WebhookResponder } from '../contracts/node-services';
import { AutomatorError, errorMessage } from '../errors';
import type { ExecutionService, StartedExecution } from '../executions/execution-service';
import type { LogSink } from '../logging';
import { summaryOf } from '../store/summary';
import type { ExecutionStore, ExecutionSummary } from '../store/types';
import { newExecutionId } from '../ids';
import { parseMessage, resumeClaimKey, waitIndex, type ExecutionJob, type QueueMessage, type ResumeJob, type StartJob } from './execution-jobs';
import type { ActiveJob, JobConsumer, JobQueue, WorkerInfo } from './job-queue';
import { relayOf } from './queue-runs';

const HEARTBEAT_MS = 5000;
/** A wait this far ahead is "until resumed" (n8n's 3000-01-01): no timer job for it. */
const INDEFINITE_AFTER_MS = 100 * 365 * 24 * 3600 * 1000;
const RESUME_CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;

export const CRASHED_MESSAGE = 'The worker running this execution stopped (its lease lapsed: crash or kill); it was not run again. Retry it to run it again';

export interface JobRunnerOptions {
  queue: JobQueue<ExecutionJob>;
  service: Pick<ExecutionService, 'startHere' | 'resumeHere' | 'stop' | 'declareCrashed' | 'takeRecord' | 'runningCount'>;
  executions: ExecutionStore;
  workflows: { load(canvasId: string): Promise<unknown> };
  build: (job: StartJob) => Promise<Parameters<ExecutionService['startHere']>[1]>;
  concurrency: number;
  leaseMs: number;
  logger: Pick<LogSink, 'info' | 'warn' | 'error' | 'debug'>;
}

/**
 * A worker process's side of the queue: takes jobs (WORKER_CONCURRENCY at once), runs them
 * in this process, broadcasts outcomes and webhook replies, obeys stop messages, and says
 * it is alive. A job handed over a second time means its worker died: it is marked crashed
 * (its error workflow starts once), never run again.
 */
export class JobRunner {
  readonly id = `worker-${newExecutionId()}`;
  private consumer?: JobConsumer;
  private heartbeatTimer?: NodeJS.Timeout;
  /** Job id -> execution id of the jobs this worker holds now. */
  private readonly active = new Map<string, string>();

  constructor(private readonly options: JobRunnerOptions) {}

  async start(): Promise<void> {
    const { queue } = this.options;
    await queue.subscribe((text) => this.onMessage(text));
    this.consumer = queue.consume((job) => this.process(job), { concurrency: this.options.concurrency, leaseMs: this.options.leaseMs, onLeaseLost: (ids) => this.leaseLost(ids) });
    await this.beat();
    this.heartbeatTimer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** SIGTERM: no new job; resolves once the running ones have finished. */
  async stop(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.consumer?.close();
  }

  get info(): WorkerInfo {
    return { id: this.id, host: hostname(), pid: process.pid, concurrency: this.options.concurrency, running: this.options.service.runningCount, lastSeenAt: new Date().toISOString() };
  }

  private async beat(): Promise<void> {
    await this.options.queue.heartbeat(this.info, HEARTBEAT_MS * 3).catch((error: unknown) => this.options.logger.warn('worker heartbeat failed', { error: errorMessage(error) }));
  }

  /**
   * Another worker now holds these runs as crashed (this one could not renew its lease in
   * time): they are stopped here rather than finished twice.
   */
  private leaseLost(jobIds: string[]): void {
    for (const jobId of jobIds) {
      const executionId = this.active.get(jobId);
      if (executionId === undefined) continue;
      this.options.logger.error('this worker lost its lease on a running execution (overloaded?): stopping it here', { executionId, job: jobId });
      this.options.service.stop(executionId).catch(() => undefined);
    }
  }

  private onMessage(text: string): void {
    const message = parseMessage(text);
    if (message === undefined) return;
    if (message.type !== 'stop') return;
    // Only the worker holding the run has it live; the others get a ConflictError and ignore it.
    this.options.service.stop(message.executionId).catch(() => undefined);
  }

  private async process(job: ActiveJob<ExecutionJob>): Promise<void> {
    this.active.set(job.id, job.data.executionId);
    try {
      await this.processJob(job);
    } finally {
      this.active.delete(job.id);
    }
  }

  private async processJob(job: ActiveJob<ExecutionJob>): Promise<void> {
    const { data } = job;
    if (job.attemptsStarted > 1) {
      const summary = await this.options.service.declareCrashed(data.executionId, CRASHED_MESSAGE);
      this.options.logger.warn('a worker died holding this execution: marked crashed', { executionId: data.executionId, job: job.id, marked: summary !== undefined });
      if (summary) await this.announce(summary);
      return;
    }
    const started = data.kind === 'start' ? await this.startRun(data) : await this.resumeRun(data);
    if (started === undefined) return;
    const summary = await started.done;
    const keep = data.kind === 'start' && data.keepRecord === true;
    const record = keep ? await this.options.service.takeRecord(data.executionId) : undefined;
    await this.announce(summary, record);
  }

  private async startRun(job: StartJob): Promise<StartedExecution | undefined> {
    // A job delivered again after its run ended (an enqueue repeated past the kept jobs) is not run twice.
    const existing = await this.options.executions.get(job.executionId);
    if (existing && existing.status !== 'queued') {
      await this.announce(summaryOf(existing));
      return undefined;
    }
    const target = await this.options.build(job);
    const responder = job.relayReply ? this.relay(job.executionId) : undefined;
    return this.options.service.startHere(
      {
        executionId: job.executionId,
        mode: job.mode,
        triggerItems: job.triggerItems,
        startNode: job.startNode,
        requestId: job.requestId,
        parentExecutionId: job.parentExecutionId,
        retryOf: job.retryOf,
        partialOf: job.partialOf,
        depth: job.depth,
        resumeState: job.resumeState,
        priorLogs: job.priorLogs?.map((log) => ({ ...log, startedAt: new Date(log.startedAt), finishedAt: log.finishedAt === undefined ? undefined : new Date(log.finishedAt) })),
        keepRecord: job.keepRecord,
        storedAhead: true,
        worker: this.id,
        services: { ...(job.webhookMethod === undefined ? {} : { webhookRequest: { method: job.webhookMethod } }), ...(responder ? { webhookResponse: responder } : {}) },
      },
      target,
    );
  }

  private async resumeRun(job: ResumeJob): Promise<StartedExecution | undefined> {
    // A timed wait claims its resume when its time comes; a resume URL's main claimed it already.
    if (job.timer && !(await this.options.queue.claim(resumeClaimKey(job.executionId, job.waitIndex), RESUME_CLAIM_TTL_MS))) return undefined;
    const responder = job.relayReply ? this.relay(job.executionId) : undefined;
    try {
      return await this.options.service.resumeHere(job.executionId, job.items, {
        dueBy: job.dueBy === undefined ? undefined : new Date(job.dueBy),
        payload: job.payload,
        services: responder ? { webhookResponse: responder } : undefined,
        worker: this.id,
      });
    } catch (error) {
      // Stopped or deleted meanwhile: the caller's main hears the stored state.
      if (!(error instanceof AutomatorError && (error.code === 'conflict' || error.code === 'not_found'))) throw error;
      const record = await this.options.executions.get(job.executionId);
      if (record) await this.announce(summaryOf(record));
      return undefined;
    }
  }

  /** The service's onWaiting hook in a worker: a timed wait becomes a delayed resume job. */
  readonly parked = (execution: ExecutionSummary, data: Parameters<typeof waitIndex>[0]): void => {
    if (execution.waitTill === undefined) return;
    const delayMs = Math.max(0, execution.waitTill.getTime() - Date.now());
    if (delayMs > INDEFINITE_AFTER_MS) return;
    const index = waitIndex(data);
    const job: ResumeJob = { kind: 'resume', executionId: execution.id, dueBy: execution.waitTill.toISOString(), waitIndex: index, timer: true };
    this.options.queue.enqueue({ id: `${execution.id}-t${index}`, data: job, delayMs }).catch((error: unknown) =>
      // The mains' wait tracker still finds the wait in the store and resumes it.
      this.options.logger.error('could not queue the timed resume of a waiting execution', { executionId: execution.id, error: errorMessage(error) }),
    );
  };

  private relay(executionId: string): WebhookResponder {
    const { queue, logger } = this.options;
    let sent = false;
    return {
      get sent() {
        return sent;
      },
      send(reply: WebhookReply) {
        if (sent) return;
        sent = true;
        void relayOf(reply)
          .then((relayed) => queue.publish(JSON.stringify({ type: 'reply', executionId, reply: relayed } satisfies QueueMessage)))
          .catch((error: unknown) => logger.error('could not relay a webhook reply to the main holding the caller', { executionId, error: errorMessage(error) }));
      },
    };
  }

  private async announce(summary: ExecutionSummary, record?: Awaited<ReturnType<ExecutionStore['get']>>): Promise<void> {
    const message: QueueMessage = { type: 'done', executionId: summary.id, summary, ...(record ? { record } : {}) };
    await this.options.queue.publish(JSON.stringify(message)).catch((error: unknown) =>
      this.options.logger.error('could not announce the end of an execution (callers read it from the store)', { executionId: summary.id, error: errorMessage(error) }),
    );
  }
}
