import { EMBEDDED_PRUNE_DEFAULTS, pruneArguments, prunePolicyFor, startHousekeeping, type Housekeeping } from '../../../src/housekeeping';
import type { ExecutionRecord } from '../../../src/store/types';
import { createHarness, workflowJson, type Harness } from './service-fixture';

const flow = workflowJson(
  'flow',
  [
    ['Start', 'n8n-nodes-base.manualTrigger'],
    ['Count', 'test.count', { key: 'housekeeping' }],
  ],
  [['Start', 'Count']],
);

function storedRun(id: string, status: ExecutionRecord['status'], startedAt: Date): ExecutionRecord {
  return {
    id,
    canvasId: 'flow',
    workflowId: 'flow',
    mode: 'production',
    status,
    finished: status === 'success',
    startedAt,
    workflowData: flow,
    data: {
      startData: {},
      resultData: { runData: {} },
      executionData: { nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {}, nextExecutionIndex: 0, nodeRunCount: 0 },
    },
    logs: [],
  };
}

let h: Harness;
let housekeeping: Housekeeping | undefined;
afterEach(async () => {
  housekeeping?.stop();
  housekeeping = undefined;
  await h.close();
});

function start(config: Parameters<typeof startHousekeeping>[0]['config'], now?: () => number) {
  return startHousekeeping({ service: h.service, executions: h.executions, waitTracker: h.tracker, logger: { error() {}, warn() {}, info() {} }, config, now });
}

describe('crash recovery at start-up', () => {
  it('marks runs a crashed process left running as crashed, with a message, and they can be retried', async () => {
    h = createHarness({ workflows: [flow] });
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000001', 'running', new Date('2025-01-01T00:00:00Z')));
    housekeeping = await start({ mode: 'embedded', prune: { maxCount: 1000 } });
    expect(housekeeping.crashed).toBe(1);
    expect(await h.executions.get('0190a000-0000-7000-8000-000000000001')).toMatchObject({
      status: 'crashed',
      finished: false,
      errorMessage: 'The service stopped while this execution was running (crash or restart); retry it to run it again',
    });
    const retry = await h.service.retry('0190a000-0000-7000-8000-000000000001', { loadWorkflow: true });
    expect(await retry.done).toMatchObject({ status: 'success', retryOf: '0190a000-0000-7000-8000-000000000001' });
    expect((await h.executions.get('0190a000-0000-7000-8000-000000000001'))?.retrySuccessId).toBe(retry.executionId);
  });
});

describe('pruning', () => {
  it("keeps n8n's limits in embedded mode, nothing in Odoo mode, and what is configured otherwise", () => {
    expect(prunePolicyFor({ mode: 'embedded', prune: {} })).toEqual({ maxAgeHours: 336, maxCount: 10_000 });
    expect(EMBEDDED_PRUNE_DEFAULTS).toEqual({ maxAgeHours: 336, maxCount: 10_000 });
    expect(prunePolicyFor({ mode: 'odoo', prune: {} } as never)).toBeUndefined();
    expect(prunePolicyFor({ mode: 'odoo', prune: { maxAgeHours: 24 } } as never)).toEqual({ maxAgeHours: 24 });
    expect(prunePolicyFor({ mode: 'embedded', prune: { maxCount: 5 } })).toEqual({ maxCount: 5 });
    expect(pruneArguments({ maxAgeHours: 24, maxCount: 5 }, Date.parse('2025-01-02T12:00:00Z'))).toEqual({
      before: new Date('2025-01-01T12:00:00Z'),
      keep: 5,
    });
  });

  it('deletes finished runs older than the age limit and beyond the count, at start and when asked', async () => {
    h = createHarness({ workflows: [flow] });
    const day = (n: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + n * 86_400_000);
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000010', 'success', day(0)));
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000011', 'error', day(2)));
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000012', 'waiting', day(0)));
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000013', 'success', day(8)));
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000014', 'success', day(9)));
    const now = () => day(10).getTime();
    housekeeping = await start({ mode: 'embedded', prune: { maxAgeHours: 7 * 24 } }, now);
    const ids = async () => (await h.executions.list({ limit: 10, offset: 0 })).rows.map((row) => row.id.slice(-2)).sort();
    // Older than 7 days: 10 and 11 go; the waiting one stays whatever its age.
    expect(await ids()).toEqual(['12', '13', '14']);
    housekeeping.stop();
    housekeeping = await start({ mode: 'odoo', prune: { maxCount: 1 } } as never, now);
    expect(await ids()).toEqual(['12', '14']);
    expect(await housekeeping.pruneNow()).toBe(0);
  });

  it('prunes nothing in Odoo mode unless configured', async () => {
    h = createHarness({ workflows: [flow] });
    await h.executions.save(storedRun('0190a000-0000-7000-8000-000000000020', 'success', new Date('2000-01-01T00:00:00Z')));
    housekeeping = await start({ mode: 'odoo', prune: {} } as never);
    expect(await housekeeping.pruneNow()).toBe(0);
    expect((await h.executions.list({ limit: 10, offset: 0 })).total).toBe(1);
  });
});
