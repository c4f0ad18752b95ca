import { ConflictError } from '../../../src/errors';
import { createHarness, runCounts, workflowJson, type Harness } from './service-fixture';

/** n8n's retry: only ended failures, from the failed node, retrySuccessId set only by a success. */
const failing = (id: string) =>
  workflowJson(
    id,
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Before', 'test.count', { key: `${id}-before` }],
      ['Fail', 'test.fail', { message: 'card declined' }],
      ['After', 'test.tag'],
    ],
    [
      ['Start', 'Before'],
      ['Before', 'Fail'],
      ['Fail', 'After'],
    ],
  );
const fixed = (id: string) =>
  workflowJson(
    id,
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Before', 'test.count', { key: `${id}-before` }],
      ['Fail', 'test.tag'],
      ['After', 'test.tag'],
    ],
    [
      ['Start', 'Before'],
      ['Before', 'Fail'],
      ['Fail', 'After'],
    ],
  );

describe('retry', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('refuses a waiting execution (and a running or successful one) with 409', async () => {
    h = createHarness({ workflows: [workflowJson('waits', [['Start', 'n8n-nodes-base.manualTrigger'], ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook' }]], [['Start', 'Wait']])] });
    const started = await h.service.start({ workflowId: 'waits', mode: 'manual' });
    expect((await started.done).status).toBe('waiting');
    const refusal = h.service.retry(started.executionId, { loadWorkflow: false });
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(h.service.retry(started.executionId, { loadWorkflow: false })).rejects.toThrow(
      `Execution "${started.executionId}" cannot be retried: only failed, crashed or cancelled executions can (status: waiting)`,
    );
    expect((await h.executions.get(started.executionId))?.status).toBe('waiting');
  });

  it('sets retrySuccessId on the original only when a retry succeeds', async () => {
    h = createHarness({ workflows: [failing('orders')] });
    const first = await h.service.start({ workflowId: 'orders', mode: 'manual' });
    expect((await first.done).status).toBe('error');
    const failedAgain = await h.service.retry(first.executionId, { loadWorkflow: false });
    expect((await failedAgain.done).status).toBe('error');
    expect((await h.executions.get(first.executionId))?.retrySuccessId).toBeUndefined();
    expect((await h.executions.get(failedAgain.executionId))?.retryOf).toBe(first.executionId);
    h.memoryWorkflows?.put(fixed('orders'));
    const succeeded = await h.service.retry(first.executionId, { loadWorkflow: true });
    expect((await succeeded.done).status).toBe('success');
    expect((await h.executions.get(first.executionId))?.retrySuccessId).toBe(succeeded.executionId);
  });

  it('runs again from the failed node: earlier nodes are not rerun, their logs are kept, the failed node log is not copied', async () => {
    h = createHarness({ workflows: [failing('shop')] });
    runCounts.delete('shop-before');
    const first = await h.service.start({ workflowId: 'shop', mode: 'manual' });
    await first.done;
    const original = await h.executions.get(first.executionId);
    expect(original?.logs.map((log) => [log.nodeName, log.status])).toEqual([
      ['Start', 'success'],
      ['Before', 'success'],
      ['Fail', 'error'],
    ]);
    h.memoryWorkflows?.put(fixed('shop'));
    const retried = await h.service.retry(first.executionId, { loadWorkflow: true });
    expect((await retried.done).status).toBe('success');
    expect(runCounts.get('shop-before')).toBe(1);
    const record = await h.executions.get(retried.executionId);
    expect(record?.logs.map((log) => [log.nodeName, log.status])).toEqual([
      ['Start', 'success'],
      ['Before', 'success'],
      ['Fail', 'success'],
      ['After', 'success'],
    ]);
    expect(record?.data.resultData.runData.Fail.map((task) => task.executionStatus)).toEqual(['success']);
  });
});
