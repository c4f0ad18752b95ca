import { AutomatorError, errorMessage } from '../errors';
import type { Item } from '../contracts/run-data';
import type { ResumeOptions, StartedExecution } from '../executions/execution-service';
import type { LogSink } from '../logging/logger';
import type { ExecutionStore, ExecutionSummary } from '../store/types';
import { parkedNode } from './parked-node';

/** What the tracker needs from the execution service. */
export interface WaitResumer {
  resume(executionId: string, items?: Item[], options?: ResumeOptions): Promise<StartedExecution>;
}

export interface WaitTrackerOptions {
  executions: ExecutionStore;
  logger: Pick<LogSink, 'error' | 'warn' | 'info' | 'debug'>;
  /** How often the store is asked for waits coming due (also once at start). Default 60 s. */
  pollIntervalMs?: number;
  /** Waits ending within this long are timed in memory. Default: poll interval + 10 s. */
  timerWindowMs?: number;
  now?: () => number;
}

/**
 * Resumes timed waits. Every parked run is already saved when the tracker hears of it, so
 * the store is the truth: a poller finds waits coming due (also those of runs parked before
 * a restart) and arms one timer each, and runs parked while the service is up are armed at
 * once so a 3-second wait ends after 3 seconds. Resuming goes through the service's
 * waiting->running transition, so of two instances (or a timer and a webhook) one wins.
 */
export class WaitTracker {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly inFlight = new Set<Promise<void>>();
  private pollTimer?: NodeJS.Timeout;
  private resumer?: WaitResumer;
  private readonly pollIntervalMs: number;
  private readonly timerWindowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WaitTrackerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 60_000;
    this.timerWindowMs = options.timerWindowMs ?? this.pollIntervalMs + 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Polls once now, then every poll interval. */
  async start(resumer: WaitResumer): Promise<void> {
    this.resumer = resumer;
    await this.poll();
    this.pollTimer = setInterval(() => {
      this.poll().catch((error) => this.options.logger.error('polling waiting executions failed', { error: errorMessage(error) }));
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** Stops polling and forgets every timer (the waits stay saved for the next start). */
  stop(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The service's onWaiting hook: arms a timer when the wait ends soon enough. */
  readonly track = (execution: Pick<ExecutionSummary, 'id' | 'waitTill'>): void => {
    if (execution.waitTill === undefined) return;
    const at = execution.waitTill.getTime();
    if (at - this.now() > this.timerWindowMs) return;
    const armed = this.timers.get(execution.id);
    if (armed?.at === at) return;
    if (armed) clearTimeout(armed.timer);
    this.arm(execution.id, at);
  };

  private arm(executionId: string, at: number): void {
    const timer = setTimeout(() => {
      // Timers run on a monotonic clock and may fire a millisecond before the wall clock says
      // the wait is over; the service would refuse that resume as not due, so wait the rest.
      if (this.now() < at) this.arm(executionId, at);
      else this.fire(executionId);
    }, Math.max(0, at - this.now()));
    timer.unref();
    this.timers.set(executionId, { at, timer });
  }

  /** Arms timers for every saved wait ending within the window; returns how many it saw. */
  async poll(): Promise<number> {
    const due = await this.options.executions.listWaiting(new Date(this.now() + this.timerWindowMs));
    for (const execution of due) this.track(execution);
    return due.length;
  }

  /** Resolves once the resumes started so far have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private fire(executionId: string): void {
    this.timers.delete(executionId);
    const work = this.resumeDue(executionId).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async resumeDue(executionId: string): Promise<void> {
    const resumer = this.resumer;
    if (resumer === undefined) return;
    try {
      if (await this.expireInsteadOfResume(executionId)) return;
      const started = await resumer.resume(executionId, undefined, { dueBy: new Date(this.now()) });
      const summary = await started.done;
      this.options.logger.debug('resumed waiting execution', { executionId, status: summary.status });
    } catch (error) {
      // Someone else resumed, stopped or deleted it first: nothing left to do here.
      if (error instanceof AutomatorError && (error.code === 'conflict' || error.code === 'not_found')) return;
      this.options.logger.error('could not resume waiting execution', { executionId, error: errorMessage(error) });
    }
  }

  /** A webhook wait whose node asked to fail when its limit passes ends in error, once. */
  private async expireInsteadOfResume(executionId: string): Promise<boolean> {
    const { executions } = this.options;
    const record = await executions.get(executionId);
    const parked = record ? parkedNode(record) : undefined;
    if (parked?.webhook?.onTimeout !== 'error' || !record?.waitTill || record.waitTill.getTime() > this.now()) return false;
    if (!(await executions.transition(executionId, 'waiting', 'error'))) return true;
    await executions.patch(executionId, {
      finished: false,
      stoppedAt: new Date(this.now()),
      waitTill: undefined,
      resumeUrl: undefined,
      errorMessage: `${parked.name}: the wait time limit passed before the resume webhook was called`,
    });
    this.options.logger.info('waiting execution reached its wait limit and failed', { executionId });
    return true;
  }
}
