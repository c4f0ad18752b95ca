import { errorMessage } from '../../errors';
import type { ExecutionService } from '../../executions/execution-service';
import type { LoadedWorkflow } from '../../executions/workflow-loader';
import type { LogSink } from '../../logging';
import type { StateStore } from '../../store/types';
import type { Clock, TimerHandle } from '../clock';
import { scheduleItem } from '../../nodes/core/triggers/schedule-item';
import type { ScheduleRule } from './schedule-rules';
import { latestDueSlot, nextSlot } from './schedule-slots';

/** One rule of one active Schedule Trigger node. */
export interface ScheduleRegistration {
  canvasId: string;
  nodeName: string;
  rule: ScheduleRule;
  timezone: string;
  /** Slots at or before this instant are never run (no catch-up from before activation). */
  activatedAt: Date;
  loaded: LoadedWorkflow;
}

export interface FiredSlot {
  canvasId: string;
  workflowId: string;
  node: string;
  rule: number;
  slot: string;
  executionId: string;
}

export interface SchedulerOptions {
  service: Pick<ExecutionService, 'start'>;
  state: StateStore;
  clock: Clock;
  logger: Pick<LogSink, 'info' | 'warn' | 'error'>;
}

export function slotKey(registration: Pick<ScheduleRegistration, 'canvasId' | 'nodeName' | 'rule'>): string {
  return `schedule:${registration.canvasId}:${registration.nodeName}:${registration.rule.index}`;
}

interface Armed {
  registration: ScheduleRegistration;
  timer?: TimerHandle;
  cancelled: boolean;
}

/**
 * Runs schedules from two sources, in-process timers and `POST /schedules/tick` (Odoo's
 * cron), and makes each slot run once whichever sees it first: a run starts only for the
 * caller whose compare-and-set moves the slot key from the last run slot to this one.
 */
export class Scheduler {
  private readonly armed = new Map<string, Armed[]>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Replaces a workflow's schedules; catches up a missed slot, then arms the timers. */
  async replace(canvasId: string, registrations: readonly ScheduleRegistration[]): Promise<FiredSlot[]> {
    this.remove(canvasId);
    if (registrations.length === 0 || this.stopped) return [];
    const entries = registrations.map((registration) => ({ registration, cancelled: false }));
    this.armed.set(canvasId, entries);
    const fired: FiredSlot[] = [];
    for (const entry of entries) {
      const slot = await this.fireDue(entry.registration);
      if (slot !== undefined) fired.push(slot);
      await this.arm(entry);
    }
    return fired;
  }

  remove(canvasId: string): void {
    for (const entry of this.armed.get(canvasId) ?? []) {
      entry.cancelled = true;
      entry.timer?.cancel();
    }
    this.armed.delete(canvasId);
  }

  /** Odoo's ping: fires every due slot not yet run. */
  async tick(): Promise<FiredSlot[]> {
    const fired: FiredSlot[] = [];
    for (const entries of [...this.armed.values()]) {
      for (const entry of entries) {
        if (entry.cancelled) continue;
        const slot = await this.fireDue(entry.registration);
        if (slot !== undefined) fired.push(slot);
      }
    }
    return fired;
  }

  /** Shutdown: no timer fires any more. */
  stop(): void {
    this.stopped = true;
    for (const canvasId of [...this.armed.keys()]) this.remove(canvasId);
  }

  get registrationCount(): number {
    let count = 0;
    for (const entries of this.armed.values()) count += entries.length;
    return count;
  }

  private async lastFired(registration: ScheduleRegistration): Promise<Date | undefined> {
    const value = await this.options.state.getValue(slotKey(registration));
    return value === undefined ? undefined : new Date(value);
  }

  private async fireDue(registration: ScheduleRegistration): Promise<FiredSlot | undefined> {
    try {
      const last = await this.lastFired(registration);
      const floor = last !== undefined && last > registration.activatedAt ? last : registration.activatedAt;
      const slot = latestDueSlot(registration.rule, registration.timezone, this.options.clock.now(), floor, last);
      return slot === undefined ? undefined : await this.fire(registration, slot);
    } catch (error) {
      this.options.logger.error('schedule check failed', { workflowId: registration.loaded.stored.workflowId, node: registration.nodeName, error: errorMessage(error) });
      return undefined;
    }
  }

  private async arm(entry: Armed): Promise<void> {
    if (entry.cancelled || this.stopped) return;
    const { registration } = entry;
    let last: Date | undefined;
    try {
      last = await this.lastFired(registration);
    } catch (error) {
      this.options.logger.error('schedule state unreadable; the timer is not armed (ticks still fire it)', { node: registration.nodeName, error: errorMessage(error) });
      return;
    }
    const now = this.options.clock.now();
    const after = last !== undefined && last > now ? last : now;
    const slot = nextSlot(registration.rule, registration.timezone, after, last);
    if (slot === undefined || entry.cancelled) return;
    entry.timer = this.options.clock.setTimer(() => {
      void (async () => {
        if (entry.cancelled || this.stopped) return;
        await this.fire(registration, slot).catch((error) => this.options.logger.error('scheduled run failed to start', { node: registration.nodeName, error: errorMessage(error) }));
        await this.arm(entry);
      })();
    }, slot.getTime() - now.getTime());
  }

  /** Claims the slot; only the winner starts the run. */
  private async fire(registration: ScheduleRegistration, slot: Date): Promise<FiredSlot | undefined> {
    const key = slotKey(registration);
    const slotIso = slot.toISOString();
    const current = await this.options.state.getValue(key);
    if (current !== undefined && current >= slotIso) return undefined;
    if (!(await this.options.state.compareAndSet(key, current, slotIso))) return undefined;
    const { loaded, nodeName, timezone } = registration;
    try {
      const started = await this.options.service.start({
        loaded,
        mode: 'production',
        // The slot's time, not the wake-up time: a catch-up run says which slot it makes up for.
        triggerItems: [{ json: scheduleItem(slot, timezone) }],
        startNode: nodeName,
      });
      this.options.logger.info('schedule fired', { executionId: started.executionId, workflowId: loaded.stored.workflowId, node: nodeName, slot: slotIso });
      return { canvasId: registration.canvasId, workflowId: loaded.stored.workflowId, node: nodeName, rule: registration.rule.index, slot: slotIso, executionId: started.executionId };
    } catch (error) {
      // The slot stays claimed: a run refused now (overload) is not retried forever.
      this.options.logger.warn('scheduled run could not start', { workflowId: loaded.stored.workflowId, node: nodeName, slot: slotIso, error: errorMessage(error) });
      return undefined;
    }
  }
}
