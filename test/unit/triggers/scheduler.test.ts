import type { StartRequest, StartedExecution } from '../../../src/executions/execution-service';
import type { LoadedWorkflow } from '../../../src/executions/workflow-loader';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite';
import { Scheduler, slotKey, type ScheduleRegistration } from '../../../src/triggers/schedules/scheduler';
import { FakeClock } from '../../integration/helpers/fake-clock';

const loaded = { stored: { id: 'heartbeat', workflowId: 'heartbeat' } } as unknown as LoadedWorkflow;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setup(start: string) {
  const clock = new FakeClock(start);
  const store: SqliteStore = openSqliteStore({ file: ':memory:' });
  const starts: StartRequest[] = [];
  const service = {
    start: async (request: StartRequest): Promise<StartedExecution> => {
      starts.push(request);
      return { executionId: `run-${starts.length}`, done: new Promise(() => undefined) };
    },
  };
  const scheduler = new Scheduler({ service, state: store.state, clock, logger: silent });
  const registration = (activatedAt: string, cron = '0 */5 * * * *'): ScheduleRegistration => ({
    canvasId: 'heartbeat',
    nodeName: 'Schedule Trigger',
    rule: { index: 0, cron },
    timezone: 'UTC',
    activatedAt: new Date(activatedAt),
    loaded,
  });
  const firedSlots = () => starts.map((request) => request.triggerItems?.[0]?.json.timestamp);
  return { clock, store, starts, scheduler, registration, firedSlots, service };
}

describe('Scheduler', () => {
  it('fires each slot from its timer, in production mode at the trigger node', async () => {
    const { clock, scheduler, registration, starts, firedSlots, store } = setup('2024-01-10T10:01:00Z');
    expect(await scheduler.replace('heartbeat', [registration('2024-01-10T10:01:00Z')])).toEqual([]);
    await clock.advance(4 * 60_000);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00']);
    expect(starts[0]).toMatchObject({ loaded, mode: 'production', startNode: 'Schedule Trigger' });
    await clock.advance(10 * 60_000);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00', '2024-01-10T10:10:00.000+00:00', '2024-01-10T10:15:00.000+00:00']);
    expect(await store.state.getValue(slotKey(registration('2024-01-10T10:01:00Z')))).toBe('2024-01-10T10:15:00.000Z');
    scheduler.stop();
    await store.close();
  });

  it('runs a slot once whether the timer or the tick sees it first', async () => {
    const { clock, scheduler, registration, firedSlots, store } = setup('2024-01-10T10:01:00Z');
    await scheduler.replace('heartbeat', [registration('2024-01-10T10:01:00Z')]);
    clock.jumpTo('2024-01-10T10:05:20Z');
    // The tick comes first (the timer has not run yet): it claims the 10:05 slot.
    const fired = await scheduler.tick();
    expect(fired).toEqual([{ canvasId: 'heartbeat', workflowId: 'heartbeat', node: 'Schedule Trigger', rule: 0, slot: '2024-01-10T10:05:00.000Z', executionId: 'run-1' }]);
    await clock.advance(0);
    expect(await scheduler.tick()).toEqual([]);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00']);
    // Then the timer comes first for 10:10 and the tick finds nothing to do.
    await clock.advance(5 * 60_000);
    expect(await scheduler.tick()).toEqual([]);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00', '2024-01-10T10:10:00.000+00:00']);
    scheduler.stop();
    await store.close();
  });

  it('two schedulers sharing the state run a slot once (two instances, or timer and tick racing)', async () => {
    const first = setup('2024-01-10T10:04:00Z');
    const other = new Scheduler({ service: first.service, state: first.store.state, clock: first.clock, logger: silent });
    await first.scheduler.replace('heartbeat', [first.registration('2024-01-10T10:00:30Z')]);
    await other.replace('heartbeat', [first.registration('2024-01-10T10:00:30Z')]);
    first.clock.jumpTo('2024-01-10T10:05:01Z');
    const results = await Promise.all([first.scheduler.tick(), other.tick(), first.scheduler.tick()]);
    expect(results.flat().map((slot) => slot.slot)).toEqual(['2024-01-10T10:05:00.000Z']);
    expect(first.starts).toHaveLength(1);
    first.scheduler.stop();
    other.stop();
    await first.store.close();
  });

  it('catches up once after downtime, with the latest missed slot', async () => {
    const { clock, scheduler, registration, firedSlots, store, service } = setup('2024-01-10T10:01:00Z');
    await scheduler.replace('heartbeat', [registration('2024-01-10T10:01:00Z')]);
    await clock.advance(5 * 60_000);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00']);
    scheduler.stop();
    // Down from 10:06 to 12:42: 31 slots missed. The restarted service registers again.
    clock.jumpTo('2024-01-10T12:42:00Z');
    const restarted = new Scheduler({ service, state: store.state, clock, logger: silent });
    const caughtUp = await restarted.replace('heartbeat', [registration('2024-01-10T10:01:00Z')]);
    expect(caughtUp.map((slot) => slot.slot)).toEqual(['2024-01-10T12:40:00.000Z']);
    expect(await restarted.tick()).toEqual([]);
    await clock.advance(3 * 60_000);
    expect(firedSlots()).toEqual(['2024-01-10T10:05:00.000+00:00', '2024-01-10T12:40:00.000+00:00', '2024-01-10T12:45:00.000+00:00']);
    restarted.stop();
    await store.close();
  });

  it('never runs slots from before the activation', async () => {
    const { clock, scheduler, registration, starts, store } = setup('2024-01-10T10:07:00Z');
    expect(await scheduler.replace('heartbeat', [registration('2024-01-10T10:07:00Z')])).toEqual([]);
    expect(await scheduler.tick()).toEqual([]);
    expect(starts).toHaveLength(0);
    await clock.advance(2 * 60_000);
    expect(starts).toHaveLength(0);
    scheduler.stop();
    await store.close();
  });

  it('stops firing once removed', async () => {
    const { clock, scheduler, registration, starts, store } = setup('2024-01-10T10:01:00Z');
    await scheduler.replace('heartbeat', [registration('2024-01-10T10:01:00Z')]);
    expect(clock.pendingTimers).toBe(1);
    scheduler.remove('heartbeat');
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(30 * 60_000);
    expect(await scheduler.tick()).toEqual([]);
    expect(starts).toHaveLength(0);
    await store.close();
  });
});
