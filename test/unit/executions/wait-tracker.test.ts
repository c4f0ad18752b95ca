import { ConflictError } from '../../../src/errors';
import { WaitTracker } from '../../../src/waiting';
import type { JsonObject } from '../../../src/workflow/json';
import { createHarness, eventually, runCounts, workflowJson, type Harness } from './service-fixture';

function waiting(parameters: JsonObject, type = 'n8n-nodes-base.wait') {
  return workflowJson(
    'waits',
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Before', 'test.tag', { field: 'before', value: 1 }],
      ['Wait', type, parameters, { typeVersion: type === 'n8n-nodes-base.wait' ? 1.1 : 1 }],
      ['After', 'test.count', { key: `after-${Math.random()}` }],
    ],
    [
      ['Start', 'Before'],
      ['Before', 'Wait'],
      ['Wait', 'After'],
    ],
  );
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function finished(id: string) {
  return eventually(async () => {
    const record = await h.executions.get(id);
    return record && !['waiting', 'running'].includes(record.status) ? record : undefined;
  });
}

describe('WaitTracker', () => {
  it('times a short wait in memory: the run resumes on time and goes on from the Wait node', async () => {
    h = createHarness({ workflows: [waiting({ amount: 0.1, unit: 'seconds' })] });
    await h.tracker.start(h.service);
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    const parked = await started.done;
    expect(parked.status).toBe('waiting');
    expect((await h.executions.get(started.executionId))?.status).toBe('waiting');
    const waitTill = (await h.executions.get(started.executionId))?.waitTill as Date;
    const record = await finished(started.executionId);
    expect(record.status).toBe('success');
    // Resumed once the wait was over, by the in-memory timer (the poller runs every minute).
    const resumedAt = record.logs.find((log) => log.nodeName === 'Wait')?.startedAt as Date;
    expect(resumedAt.getTime()).toBeGreaterThanOrEqual(waitTill.getTime());
    // Not by the poller: it runs every 60 s, far past this test's own timeout.
    expect(record.waitTill).toBeUndefined();
    expect(record.data.resultData.runData.Before).toHaveLength(1);
    expect(record.data.resultData.runData.Wait.map((task) => task.executionStatus)).toEqual(['success']);
    expect(record.data.resultData.runData.After[0].data?.main?.[0]?.map((item) => item.json)).toEqual([{ before: 1 }]);
    expect(record.logs.map((log) => [log.nodeName, log.status])).toEqual([
      ['Start', 'success'],
      ['Before', 'success'],
      ['Wait', 'success'],
      ['After', 'success'],
    ]);
  });

  it('leaves long waits to the poller and picks up due ones saved by another instance', async () => {
    h = createHarness({ workflows: [waiting({ amount: 1, unit: 'hours' })] });
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    await started.done;
    let now = Date.now();
    const tracker = new WaitTracker({ executions: h.executions, logger: { error() {}, warn() {}, info() {}, debug() {} }, pollIntervalMs: 60_000, now: () => now });
    try {
      await tracker.start(h.service);
      expect(await tracker.poll()).toBe(0);
      now += 3_600_000;
      expect(await tracker.poll()).toBe(1);
      const record = await finished(started.executionId);
      expect(record.status).toBe('success');
    } finally {
      tracker.stop();
      await tracker.idle();
    }
  });

  it('resumes once when two instances see the same due wait', async () => {
    const workflow = waiting({ amount: 0.05, unit: 'seconds' });
    h = createHarness({ workflows: [workflow] });
    const other = new WaitTracker({ executions: h.executions, logger: { error() {}, warn() {}, info() {}, debug() {} } });
    await h.tracker.start(h.service);
    await other.start(h.service);
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    await started.done;
    await other.poll();
    const record = await finished(started.executionId);
    await other.idle();
    await h.tracker.idle();
    other.stop();
    expect(record.status).toBe('success');
    const key = String(workflow.nodes[3].parameters?.key);
    expect(runCounts.get(key)).toBe(1);
    expect(record.data.resultData.runData.After).toHaveLength(1);
  });

  it('does not let a timer armed for an earlier wait cut a later one short', async () => {
    h = createHarness({ workflows: [waiting({ amount: 1, unit: 'hours' })] });
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    await started.done;
    const waitTill = (await h.executions.get(started.executionId))?.waitTill as Date;
    await expect(h.service.resume(started.executionId, undefined, { dueBy: new Date() })).rejects.toThrow(
      new ConflictError(`Execution "${started.executionId}" waits until ${waitTill.toISOString()}, it is not due yet`),
    );
    expect((await h.executions.get(started.executionId))?.status).toBe('waiting');
  });

  it('resumes a webhook wait with the Wait node input when its limit passes', async () => {
    h = createHarness({ workflows: [waiting({ resume: 'webhook', limitWaitTime: true, resumeAmount: 0.05, resumeUnit: 'seconds' })] });
    await h.tracker.start(h.service);
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    expect((await started.done).status).toBe('waiting');
    const record = await finished(started.executionId);
    expect(record.status).toBe('success');
    expect(record.data.resultData.runData.After[0].data?.main?.[0]?.map((item) => item.json)).toEqual([{ before: 1 }]);
  });

  it('fails a wait whose node asked to fail when the limit passes', async () => {
    h = createHarness({ workflows: [waiting({ ms: 30 }, 'test.waitOrFail')] });
    await h.tracker.start(h.service);
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    await started.done;
    const record = await finished(started.executionId);
    expect(record).toMatchObject({ status: 'error', finished: false, errorMessage: 'Wait: the wait time limit passed before the resume webhook was called' });
    expect(record.waitTill).toBeUndefined();
    expect(record.data.resultData.runData.After).toBeUndefined();
  });

  it('keeps a stopped waiting run stopped', async () => {
    h = createHarness({ workflows: [waiting({ amount: 1, unit: 'hours' })] });
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    await started.done;
    expect(await h.service.stop(started.executionId)).toMatchObject({ status: 'cancelled', errorMessage: 'The execution was stopped' });
    const later = new WaitTracker({ executions: h.executions, logger: { error() {}, warn() {}, info() {}, debug() {} }, now: () => Date.now() + 7_200_000 });
    await later.start(h.service);
    expect(await later.poll()).toBe(0);
    later.stop();
    await expect(h.service.resume(started.executionId)).rejects.toThrow(`Execution "${started.executionId}" is not waiting (status: cancelled)`);
    expect((await h.executions.get(started.executionId))?.status).toBe('cancelled');
  });
});
