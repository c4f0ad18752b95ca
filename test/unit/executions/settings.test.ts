import type { ExecutionMode } from '../../../src/contracts/run-data';
import type { WorkflowSettingsJson } from '../../../src/workflow/types';
import { RecordingExecutionStore } from '../../helpers/memory-stores';
import { createHarness, workflowJson, type Harness } from './service-fixture';

function flow(settings: WorkflowSettingsJson, last: [string, string, Record<string, unknown>?] = ['B', 'test.pass']) {
  return workflowJson(
    'flow',
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['A', 'test.pass'],
      [last[0], last[1], (last[2] ?? {}) as never],
    ],
    [
      ['Start', 'A'],
      ['A', last[0]],
    ],
    settings,
  );
}

let h: Harness;
let recorder: RecordingExecutionStore;
function harness(settings: WorkflowSettingsJson, last?: [string, string, Record<string, unknown>?]) {
  h = createHarness({
    workflows: [flow(settings, last)],
    wrapExecutions: (store) => (recorder = new RecordingExecutionStore(store)),
  });
}
afterEach(async () => {
  await h.close();
});

async function run(mode: ExecutionMode) {
  const started = await h.service.start({ workflowId: 'flow', mode });
  return { id: started.executionId, summary: await started.done };
}

describe('execution settings', () => {
  it('ends a run that passes executionTimeout with a clear message', async () => {
    harness({ executionTimeout: 0.05 }, ['Slow', 'test.slow', { ms: 5000 }]);
    const { id, summary } = await run('production');
    expect(summary).toMatchObject({ status: 'cancelled', errorMessage: 'The execution was cancelled because it timed out after 0.05 seconds' });
    expect((await h.executions.get(id))?.status).toBe('cancelled');
  });

  it('does not save manual runs when saveManualExecutions is false, production runs still', async () => {
    harness({ saveManualExecutions: false });
    const manual = await run('manual');
    const production = await run('production');
    expect(await h.executions.get(manual.id)).toBeUndefined();
    expect((await h.executions.get(production.id))?.status).toBe('success');
  });

  it('saveDataSuccessExecution "none" drops successful runs only', async () => {
    harness({ saveDataSuccessExecution: 'none' }, ['B', 'test.fail', { message: 'bad' }]);
    const failed = await run('production');
    expect((await h.executions.get(failed.id))?.errorMessage).toBe('B: bad');
    h.memoryWorkflows?.put(flow({ saveDataSuccessExecution: 'none' }));
    const succeeded = await run('production');
    expect(succeeded.summary.status).toBe('success');
    expect(await h.executions.get(succeeded.id)).toBeUndefined();
  });

  it('saveDataErrorExecution "none" drops failed runs only', async () => {
    harness({ saveDataErrorExecution: 'none' }, ['B', 'test.fail', { message: 'bad' }]);
    const failed = await run('production');
    expect(failed.summary.status).toBe('error');
    expect(await h.executions.get(failed.id)).toBeUndefined();
  });

  it('saveExecutionProgress writes the run after each node, then the result', async () => {
    harness({ saveExecutionProgress: true });
    await run('production');
    expect(recorder.saves).toEqual([
      { status: 'running', nodesRun: ['Start'], logCount: 1 },
      { status: 'running', nodesRun: ['Start', 'A'], logCount: 2 },
      { status: 'running', nodesRun: ['Start', 'A', 'B'], logCount: 3 },
      { status: 'success', nodesRun: ['Start', 'A', 'B'], logCount: 3 },
    ]);
  });

  it('without saveExecutionProgress a short run costs one write', async () => {
    harness({});
    await run('production');
    expect(recorder.saves).toEqual([{ status: 'success', nodesRun: ['Start', 'A', 'B'], logCount: 3 }]);
  });

  it('always saves a parked run, even a manual one that would not be saved', async () => {
    harness({ saveManualExecutions: false }, ['Wait', 'n8n-nodes-base.wait', { amount: 1, unit: 'hours' }]);
    const parked = await run('manual');
    expect(parked.summary.status).toBe('waiting');
    expect(recorder.saves).toEqual([{ status: 'waiting', nodesRun: ['Start', 'A', 'Wait'], logCount: 3 }]);
  });
});
