import type { Item } from '../../../src/contracts/run-data';
import type { ExecutionRecord } from '../../../src/store/types';
import type { JsonObject } from '../../../src/workflow/json';
import type { NodeJson } from '../../../src/workflow/types';
import { createHarness, eventually, workflowJson, type Harness } from './service-fixture';

const TRIGGER = 'n8n-nodes-base.executeWorkflowTrigger';
const WAIT_FOR_CALL = { resume: 'webhook', httpMethod: 'POST' };

/** A child that parks at a webhook Wait, then runs `after` (Mark by default). */
function approvalChild(id: string, after: [string, string, JsonObject?] = ['Mark', 'test.tag', { field: 'approved', value: 'yes' }]) {
  return workflowJson(
    id,
    [
      ['Called', TRIGGER, { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
      ['Wait', 'n8n-nodes-base.wait', WAIT_FOR_CALL, { typeVersion: 1.1 }],
      after,
    ],
    [
      ['Called', 'Wait'],
      ['Wait', after[0]],
    ],
  );
}

function parent(id: string, call: JsonObject, callExtra: Partial<NodeJson> = {}) {
  return workflowJson(
    id,
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Source', 'test.source', { items: [{ n: 1 }, { n: 2 }] }],
      ['Call Child', 'n8n-nodes-base.executeWorkflow', call, { typeVersion: 1.1, ...callExtra }],
      ['After', 'test.pass'],
      ['On Error', 'test.pass'],
    ],
    [
      ['Source', 'Call Child'],
      ['Start', 'Source'],
      ['Call Child', 'After'],
      ['Call Child', 'On Error', 1],
    ],
  );
}

const jsonOf = (items: Item[] | null | undefined) => (items ?? []).map((item) => item.json);
const output = (record: ExecutionRecord | undefined, node: string, index = 0) => jsonOf(record?.data.resultData.runData[node]?.[0]?.data?.main?.[index]);

async function childOf(h: Harness, parentId: string, canvasId: string, status = 'waiting'): Promise<ExecutionRecord> {
  return eventually(async () => {
    const rows = (await h.executions.list({ canvasId, limit: 10, offset: 0 })).rows;
    const row = rows.find((candidate) => candidate.parentExecutionId === parentId && candidate.status === status);
    return row ? h.executions.get(row.id) : undefined;
  });
}

async function settledParent(h: Harness, id: string): Promise<ExecutionRecord> {
  return eventually(async () => {
    const record = await h.executions.get(id);
    return record && record.status !== 'waiting' && record.status !== 'running' ? record : undefined;
  });
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('a parent waiting for a child that parks', () => {
  it("parks too, then resumes with the child's last output when the child is resumed", async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    const parked = await started.done;
    expect(parked).toMatchObject({ status: 'waiting', finished: false });
    expect(parked.waitTill?.toISOString()).toBe('3000-01-01T00:00:00.000Z');
    const child = await childOf(h, started.executionId, 'child');
    expect(child).toMatchObject({ mode: 'integrated', parentExecutionId: started.executionId });
    const parentRecord = await h.executions.get(started.executionId);
    expect(parentRecord?.data.resultData.runData['Call Child'][0].executionStatus).toBe('waiting');

    const resumed = await h.service.resume(child.id, [{ json: { decision: 'ok' } }]);
    expect((await resumed.done).status).toBe('success');
    const finished = await settledParent(h, started.executionId);
    expect(finished).toMatchObject({ status: 'success', finished: true });
    expect(finished.waitTill ?? undefined).toBeUndefined();
    // The Wait's output replaced the items; Mark tagged it: that is the child's last output.
    expect(output(finished, 'Call Child')).toEqual([{ decision: 'ok', approved: 'yes' }]);
    expect(output(finished, 'After')).toEqual([{ decision: 'ok', approved: 'yes' }]);
    expect(finished.data.resultData.runData['Call Child']).toHaveLength(1);
    expect(finished.data.resultData.runData['Call Child'][0].executionStatus).toBe('success');
  });

  it('resumes after a timed wait in the child, driven by the wait tracker', async () => {
    const timedChild = workflowJson(
      'timed',
      [
        ['Called', TRIGGER, { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
        ['Wait', 'n8n-nodes-base.wait', { amount: 0.2, unit: 'seconds' }, { typeVersion: 1.1 }],
        ['Mark', 'test.tag', { field: 'waited', value: true }],
      ],
      [
        ['Called', 'Wait'],
        ['Wait', 'Mark'],
      ],
    );
    h = createHarness({ workflows: [timedChild, parent('parent', { workflowId: 'timed' })] });
    await h.tracker.start(h.service);
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('waiting');
    const finished = await settledParent(h, started.executionId);
    expect(finished.status).toBe('success');
    expect(output(finished, 'After')).toEqual([
      { n: 1, waited: true },
      { n: 2, waited: true },
    ]);
  });

  it("fails the parent's node with the child's error when the child fails after its wait", async () => {
    h = createHarness({ workflows: [approvalChild('child', ['Boom', 'test.fail', { message: 'refused' }]), parent('parent', { workflowId: 'child' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const child = await childOf(h, started.executionId, 'child');
    await (await h.service.resume(child.id, [{ json: {} }])).done;
    const finished = await settledParent(h, started.executionId);
    expect(finished).toMatchObject({ status: 'error', errorMessage: 'Call Child: refused' });
    expect(finished.data.resultData.error).toMatchObject({
      message: 'refused',
      description: `Sub-workflow "child" (execution ${child.id}, node "Boom") ended with status error`,
      node: { name: 'Call Child' },
    });
  });

  it('with continueOnFail, outputs the error as an item; with the error output, routes it there', async () => {
    const failing = approvalChild('child', ['Boom', 'test.fail', { message: 'refused' }]);
    h = createHarness({
      workflows: [failing, parent('regular', { workflowId: 'child' }, { continueOnFail: true }), parent('routed', { workflowId: 'child' }, { onError: 'continueErrorOutput' })],
    });
    for (const id of ['regular', 'routed']) {
      const started = await h.service.start({ workflowId: id, mode: 'manual' });
      await started.done;
      const child = await childOf(h, started.executionId, 'child');
      await (await h.service.resume(child.id, [{ json: {} }])).done;
      const finished = await settledParent(h, started.executionId);
      expect(finished.status).toBe('success');
      if (id === 'regular') {
        expect(output(finished, 'After')).toEqual([{ error: 'refused' }]);
      } else {
        // The engine's error-output split (checked against n8n) keeps the first paired input's fields.
        expect(output(finished, 'On Error')).toEqual([{ n: 1, error: 'refused' }]);
        expect(finished.data.resultData.runData.After).toBeUndefined();
      }
    }
  });

  it('in "each" mode, starts every child, parks while any is pending, and outputs every item in input order', async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child', mode: 'each' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('waiting');
    // Both children ran up to their Wait before the parent parked (n8n starts them all).
    const children = (await h.executions.list({ canvasId: 'child', limit: 10, offset: 0 })).rows.filter((row) => row.parentExecutionId === started.executionId);
    expect(children.map((row) => row.status)).toEqual(['waiting', 'waiting']);
    const [first, second] = [...children].sort((a, b) => (a.id < b.id ? -1 : 1));
    // The second item's child ends first: the parent takes its items and parks again.
    await (await h.service.resume(second.id, [{ json: { item: 'second' } }])).done;
    await eventually(async () => {
      const record = await h.executions.get(started.executionId);
      return record?.status === 'waiting' && record.data.resultData.runData['Call Child'].length === 1 ? record : undefined;
    });
    await (await h.service.resume(first.id, [{ json: { item: 'first' } }])).done;
    const finished = await settledParent(h, started.executionId);
    expect(finished.status).toBe('success');
    expect(finished.data.resultData.runData['Call Child']).toHaveLength(1);
    expect(finished.data.resultData.runData['Call Child'][0].data?.main?.[0]).toEqual([
      { json: { item: 'first', approved: 'yes' }, pairedItem: { item: 0 } },
      { json: { item: 'second', approved: 'yes' }, pairedItem: { item: 1 } },
    ]);
    expect(finished.data.resultData.runData.After[0].data?.main?.[0]).toHaveLength(2);
  });

  it('in "each" mode, loses no child that ends while the parent is busy with another', async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child', mode: 'each' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const children = (await h.executions.list({ canvasId: 'child', limit: 10, offset: 0 })).rows.filter((row) => row.parentExecutionId === started.executionId);
    // Both children end at once: one resume wins, the other is found when the parent parks again.
    await Promise.all(children.map(async (child, index) => (await h.service.resume(child.id, [{ json: { item: index } }])).done));
    const finished = await settledParent(h, started.executionId);
    expect(finished.status).toBe('success');
    expect((finished.data.resultData.runData['Call Child'][0].data?.main?.[0] ?? []).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('in "each" mode, a child that fails fails the node naming its item', async () => {
    h = createHarness({ workflows: [approvalChild('child', ['Boom', 'test.fail', { message: 'the second order is broken' }]), parent('parent', { workflowId: 'child', mode: 'each' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const children = (await h.executions.list({ canvasId: 'child', limit: 10, offset: 0 })).rows.filter((row) => row.parentExecutionId === started.executionId);
    const [, second] = [...children].sort((a, b) => (a.id < b.id ? -1 : 1));
    await (await h.service.resume(second.id, [{ json: {} }])).done;
    const finished = await settledParent(h, started.executionId);
    expect(finished.status).toBe('error');
    expect(finished.data.resultData.error).toMatchObject({ message: 'Error executing workflow with item at index 1', description: 'the second order is broken' });
  });

  it('fails the parent when the child it waits for is stopped', async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const child = await childOf(h, started.executionId, 'child');
    await h.service.stop(child.id);
    const finished = await settledParent(h, started.executionId);
    expect(finished).toMatchObject({ status: 'error', errorMessage: 'Call Child: The execution was stopped' });
  });

  it('at start-up, resumes a parent whose child ended while no process watched', async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child' })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    await started.done;
    const child = await childOf(h, started.executionId, 'child');
    // As if the process died mid-resume of the child: start-up marks it crashed.
    await h.executions.transition(child.id, 'waiting', 'running');
    expect(await h.service.markCrashed()).toBe(1);
    expect(await h.service.resumeParentsOfEndedChildren()).toBe(1);
    const finished = await settledParent(h, started.executionId);
    expect(finished.status).toBe('error');
    expect(finished.errorMessage).toBe('Call Child: The service stopped while this execution was running (crash or restart); retry it to run it again');
    // Nothing else is waiting: a second recovery finds nothing.
    expect(await h.service.resumeParentsOfEndedChildren()).toBe(0);
  });

  it('a parent not waiting for completion goes on while the child stays parked', async () => {
    h = createHarness({ workflows: [approvalChild('child'), parent('parent', { workflowId: 'child', options: { waitForSubWorkflow: false } })] });
    const started = await h.service.start({ workflowId: 'parent', mode: 'manual' });
    expect((await started.done).status).toBe('success');
    const child = await childOf(h, started.executionId, 'child');
    await (await h.service.resume(child.id, [{ json: {} }])).done;
    expect((await h.executions.get(started.executionId))?.status).toBe('success');
  });
});
