import { Readable } from 'node:stream';
import type { WebhookReply, WebhookResponder } from '../contracts/node-services';
import { ConflictError, UnavailableError, errorMessage } from '../errors';
import type { RemoteRuns, ResumeOptions, RunTarget, StartRequest, StartedExecution } from '../executions/execution-service';
import type { Item } from '../contracts/run-data';
import { emptyRunState } from '../engine/run-state';
import type { LogSink } from '../logging';
import { summaryOf } from '../store/summary';
import type { ExecutionRecord, ExecutionStore, ExecutionSummary } from '../store/types';
import { parseMessage, resumeClaimKey, reviveRecord, reviveSummary, waitIndex, type ExecutionJob, type QueueMessage, type RelayedReply, type StartJob } from './execution-jobs';
import type { JobQueue } from './job-queue';

const RETRY_AFTER_SECONDS = 5;
/** A resume claim outlives any hand-over; a claim is per wait, so it is never needed again. */
const RESUME_CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;
/** Outcomes travel on the broadcast channel; a waiter also checks the store this often, in case one was missed. */
const OUTCOME_CHECK_MS = 5000;

interface Waiter {
  resolve(summary: ExecutionSummary): void;
  done: Promise<ExecutionSummary>;
  responder?: WebhookResponder;
  keepRecord: boolean;
  since: number;
}

export interface QueueRunsOptions {
  queue: JobQueue<ExecutionJob>;
  executions: ExecutionStore;
  logger: Pick<LogSink, 'warn' | 'error' | 'debug'>;
}

/**
 * RemoteRuns over the queue (mains, and workers for the runs their runs start): a run is
 * stored `queued`, enqueued with its execution id as job id, and its outcome (and any
 * Respond to Webhook reply) comes back on the broadcast channel. A resume is claimed once
 * in the queue backend before it is enqueued, so of two mains called at once one resumes.
 */
export class QueueRuns implements RemoteRuns {
  private readonly waiters = new Map<string, Waiter>();
  private readonly records = new Map<string, ExecutionRecord>();
  private checkTimer?: NodeJS.Timeout;

  constructor(private readonly options: QueueRunsOptions) {}

  /** Listens for outcomes; call once before the first run is handed over. */
  async open(): Promise<void> {
    await this.options.queue.subscribe((text) => this.onMessage(text));
    this.checkTimer = setInterval(() => void this.checkStore(), OUTCOME_CHECK_MS);
    this.checkTimer.unref();
  }

  close(): void {
    if (this.checkTimer) clearInterval(this.checkTimer);
  }

  admit(): void {
    if (!this.options.queue.reachable) throw new UnavailableError(`The execution queue (${this.options.queue.backend}) is unreachable; try again later`, RETRY_AFTER_SECONDS);
  }

  async start(executionId: string, request: StartRequest, target: RunTarget): Promise<StartedExecution> {
    const job = startJob(executionId, request, target);
    const record: ExecutionRecord = {
      id: executionId,
      canvasId: target.canvasId,
      workflowId: target.workflow.id,
      mode: request.mode,
      status: 'queued',
      finished: false,
      startedAt: new Date(),
      workflowData: target.snapshot,
      data: request.resumeState ?? emptyRunState(),
      logs: request.priorLogs ?? [],
      requestId: request.requestId,
      parentExecutionId: request.parentExecutionId,
      retryOf: request.retryOf,
      partialOf: request.partialOf,
    };
    // Stored before it is enqueued: a worker's later writes always come after it.
    await this.options.executions.save(record);
    const waiter = this.waitFor(executionId, request.services?.webhookResponse, request.keepRecord === true);
    await this.hand(executionId, { id: executionId, data: job }, () =>
      this.options.executions.patch(executionId, { status: 'crashed', stoppedAt: new Date(), errorMessage: 'The execution could not be queued (the queue was unreachable); it never ran' }),
    );
    return { executionId, done: waiter.done };
  }

  async resume(record: ExecutionRecord, items: Item[] | undefined, options: ResumeOptions): Promise<StartedExecution> {
    const index = waitIndex(record.data);
    const claimed = await this.options.queue.claim(resumeClaimKey(record.id, index), RESUME_CLAIM_TTL_MS).catch((error: unknown) => {
      throw new UnavailableError(`The execution queue is unreachable: ${errorMessage(error)}; try again later`, RETRY_AFTER_SECONDS);
    });
    if (!claimed) throw new ConflictError(`Execution "${record.id}" was already resumed`);
    const waiter = this.waitFor(record.id, options.services?.webhookResponse, false);
    const job: ExecutionJob = {
      kind: 'resume',
      executionId: record.id,
      items,
      payload: options.payload,
      dueBy: options.dueBy?.toISOString(),
      waitIndex: index,
      relayReply: options.services?.webhookResponse !== undefined,
    };
    await this.hand(record.id, { id: `${record.id}-r${index}`, data: job }, () => Promise.resolve());
    return { executionId: record.id, done: waiter.done };
  }

  async stop(record: ExecutionRecord): Promise<ExecutionSummary> {
    const { executions, queue } = this.options;
    const waiter = this.waitFor(record.id, undefined, false);
    if (record.status === 'queued' && (await queue.removeWaiting(record.id)) && (await executions.transition(record.id, 'queued', 'cancelled'))) {
      const stopped = { stoppedAt: new Date(), finished: false, errorMessage: 'The execution was stopped' };
      await executions.patch(record.id, stopped);
      const summary: ExecutionSummary = { ...summaryOf(record), ...stopped, status: 'cancelled' };
      waiter.resolve(summary);
      return summary;
    }
    // The worker holding it aborts it at its next await, as a stop does in one process.
    await queue.publish(JSON.stringify({ type: 'stop', executionId: record.id } satisfies QueueMessage));
    return waiter.done;
  }

  takeRecord(executionId: string): ExecutionRecord | undefined {
    const record = this.records.get(executionId);
    this.records.delete(executionId);
    return record;
  }

  /** Enqueues, turning a backend failure into the 503 the caller gets (after `undo`). */
  private async hand(executionId: string, job: { id: string; data: ExecutionJob }, undo: () => Promise<void>): Promise<void> {
    try {
      await this.options.queue.enqueue(job);
    } catch (error) {
      this.waiters.delete(executionId);
      await undo().catch(() => undefined);
      throw new UnavailableError(`The execution queue is unreachable: ${errorMessage(error)}; try again later`, RETRY_AFTER_SECONDS);
    }
  }

  private waitFor(executionId: string, responder: WebhookResponder | undefined, keepRecord: boolean): Waiter {
    const existing = this.waiters.get(executionId);
    if (existing) return existing;
    let resolve!: (summary: ExecutionSummary) => void;
    const done = new Promise<ExecutionSummary>((settle) => {
      resolve = settle;
    });
    const waiter: Waiter = {
      resolve: (summary) => {
        if (this.waiters.get(executionId) === waiter) this.waiters.delete(executionId);
        resolve(summary);
      },
      done,
      responder,
      keepRecord,
      since: Date.now(),
    };
    this.waiters.set(executionId, waiter);
    return waiter;
  }

  private onMessage(text: string): void {
    const message = parseMessage(text);
    if (message === undefined) return;
    const waiter = this.waiters.get(message.executionId);
    if (waiter === undefined) return;
    if (message.type === 'reply') waiter.responder?.send(replyFromRelay(message.reply));
    if (message.type === 'done') {
      if (waiter.keepRecord && message.record) this.records.set(message.executionId, reviveRecord(message.record));
      waiter.resolve(reviveSummary(message.summary));
    }
  }

  /** A missed outcome message must not leave a caller waiting forever: the store has the end. */
  private async checkStore(): Promise<void> {
    const now = Date.now();
    for (const [executionId, waiter] of [...this.waiters]) {
      if (now - waiter.since < OUTCOME_CHECK_MS) continue;
      const record = await this.options.executions.get(executionId).catch(() => undefined);
      if (record === undefined || record.status === 'queued' || record.status === 'running') continue;
      // A record kept for a caller only travels on the channel: give it the stored one.
      if (waiter.keepRecord) this.records.set(executionId, record);
      waiter.resolve(summaryOf(record));
    }
  }
}

function startJob(executionId: string, request: StartRequest, target: RunTarget): StartJob {
  const stored = request.loaded !== undefined || (request.inline === undefined && request.workflowId !== undefined);
  return {
    kind: 'start',
    executionId,
    canvasId: stored ? target.canvasId : undefined,
    inline: stored ? undefined : { json: target.workflow.source, workflowId: target.workflow.id, name: target.workflow.name, canvasId: target.canvasId },
    mode: request.mode,
    triggerItems: request.triggerItems,
    startNode: request.startNode,
    requestId: request.requestId,
    parentExecutionId: request.parentExecutionId,
    retryOf: request.retryOf,
    partialOf: request.partialOf,
    depth: request.depth,
    resumeState: request.resumeState,
    priorLogs: request.priorLogs,
    webhookMethod: request.services?.webhookRequest?.method,
    relayReply: request.services?.webhookResponse !== undefined,
    keepRecord: request.keepRecord,
  };
}

/** A reply as the broadcast carries it (bytes and streams as base64). */
export async function relayOf(reply: WebhookReply): Promise<RelayedReply> {
  const { statusCode, headers, body } = reply;
  if (Buffer.isBuffer(body)) return { statusCode, headers, base64: body.toString('base64') };
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return { statusCode, headers, base64: Buffer.concat(chunks).toString('base64') };
  }
  return { statusCode, headers, body };
}

function replyFromRelay(relayed: RelayedReply): WebhookReply {
  const body = relayed.base64 !== undefined ? Buffer.from(relayed.base64, 'base64') : (relayed.body as WebhookReply['body']);
  return { statusCode: relayed.statusCode, headers: relayed.headers, body };
}
