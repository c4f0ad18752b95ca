import type { ExecutionRecord } from '../../../src/store/types';
import { createHarness, eventually, PUBLIC_URL, workflowJson, type Harness } from './service-fixture';

const ERROR_TRIGGER = 'n8n-nodes-base.errorTrigger';

const handler = workflowJson('handler', [['On Error', ERROR_TRIGGER], ['Note', 'test.pass']], [['On Error', 'Note']]);

function failing(id: string, settings: Record<string, unknown>) {
  return workflowJson(
    id,
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Fail', 'test.fail', { message: 'card declined' }],
    ],
    [['Start', 'Fail']],
    settings,
  );
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function runsOf(canvasId: string): Promise<ExecutionRecord[]> {
  const rows = (await h.executions.list({ canvasId, limit: 50, offset: 0 })).rows;
  return Promise.all(rows.map(async (row) => (await h.executions.get(row.id)) as ExecutionRecord));
}

async function finishedRunsOf(canvasId: string, count: number): Promise<ExecutionRecord[]> {
  return eventually(async () => {
    const runs = await runsOf(canvasId);
    return runs.length === count && runs.every((run) => run.status !== 'running') ? runs : undefined;
  });
}

describe('error workflows', () => {
  it("starts the error workflow's Error Trigger with n8n's item when a production run fails", async () => {
    h = createHarness({ workflows: [handler, failing('orders', { errorWorkflow: 'handler' })] });
    const started = await h.service.start({ workflowId: 'orders', mode: 'production' });
    expect(await started.done).toMatchObject({ status: 'error', errorMessage: 'Fail: card declined' });
    const [run] = await finishedRunsOf('handler', 1);
    expect(run.mode).toBe('error');
    expect(run.status).toBe('success');
    expect(run.data.resultData.runData.Note[0].data?.main?.[0]?.map((item) => item.json)).toEqual([
      {
        execution: {
          id: started.executionId,
          url: `${PUBLIC_URL}/executions/${started.executionId}`,
          error: { message: 'card declined', name: 'Error', node: { name: 'Fail', type: 'test.fail' } },
          lastNodeExecuted: 'Fail',
          mode: 'production',
        },
        workflow: { id: 'orders', name: 'orders' },
      },
    ]);
  });

  it('says which run a failed retry retried', async () => {
    h = createHarness({ workflows: [handler, failing('orders', { errorWorkflow: 'handler' })] });
    const first = await h.service.start({ workflowId: 'orders', mode: 'production' });
    await first.done;
    const retry = await h.service.retry(first.executionId, { loadWorkflow: false });
    expect((await retry.done).status).toBe('error');
    const runs = await finishedRunsOf('handler', 2);
    const items = runs.map((run) => run.data.resultData.runData.Note[0].data?.main?.[0]?.[0].json.execution);
    expect(items).toContainEqual(expect.objectContaining({ id: retry.executionId, retryOf: first.executionId, mode: 'retry' }));
  });

  it('is not started for manual runs, as in n8n', async () => {
    h = createHarness({ workflows: [handler, failing('orders', { errorWorkflow: 'handler' })] });
    await (await h.service.start({ workflowId: 'orders', mode: 'manual' })).done;
    // Every run this one started (an error workflow) has ended once the service is drained.
    await h.service.drain(5000);
    expect(await runsOf('handler')).toEqual([]);
  });

  it('does not start again when the error workflow itself fails', async () => {
    const selfHandling = workflowJson(
      'fragile-handler',
      [
        ['On Error', ERROR_TRIGGER],
        ['Fail', 'test.fail', { message: 'handler broke' }],
      ],
      [['On Error', 'Fail']],
      { errorWorkflow: 'fragile-handler' },
    );
    h = createHarness({ workflows: [selfHandling, failing('orders', { errorWorkflow: 'fragile-handler' })] });
    await (await h.service.start({ workflowId: 'orders', mode: 'production' })).done;
    const runs = await finishedRunsOf('fragile-handler', 1);
    expect(runs.map((run) => [run.mode, run.status, run.errorMessage])).toEqual([['error', 'error', 'Fail: handler broke']]);
    // Every run this one started (an error workflow) has ended once the service is drained.
    await h.service.drain(5000);
    expect(await runsOf('fragile-handler')).toHaveLength(1);
  });

  it('runs the failed workflow\'s own Error Trigger when no error workflow is set', async () => {
    const own = workflowJson(
      'own',
      [
        ['Start', 'n8n-nodes-base.manualTrigger'],
        ['Fail', 'test.fail', { message: 'nope' }],
        ['On Error', ERROR_TRIGGER],
        ['Note', 'test.pass'],
      ],
      [
        ['Start', 'Fail'],
        ['On Error', 'Note'],
      ],
    );
    h = createHarness({ workflows: [own] });
    const started = await h.service.start({ workflowId: 'own', mode: 'production' });
    await started.done;
    const runs = await finishedRunsOf('own', 2);
    const errorRun = runs.find((run) => run.mode === 'error');
    expect(errorRun?.data.resultData.runData.Note[0].data?.main?.[0]?.[0].json).toMatchObject({ execution: { id: started.executionId, lastNodeExecuted: 'Fail' } });
  });

  it('does not start an error workflow that has no Error Trigger, and says so', async () => {
    const noTrigger = workflowJson('no-trigger', [['Start', 'n8n-nodes-base.manualTrigger']], []);
    h = createHarness({ workflows: [noTrigger, failing('orders', { errorWorkflow: 'no-trigger' })] });
    const started = await h.service.start({ workflowId: 'orders', mode: 'production' });
    await started.done;
    // Every run this one started (an error workflow) has ended once the service is drained.
    await h.service.drain(5000);
    expect(await runsOf('no-trigger')).toEqual([]);
    expect(h.logLines()).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'error workflow has no Error Trigger node, so it was not started', executionId: started.executionId, errorWorkflow: 'no-trigger' }),
    );
  });
});
