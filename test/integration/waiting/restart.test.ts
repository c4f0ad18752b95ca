import type { BuiltService } from '../../../src/server/build-service';
import type { JsonObject } from '../../../src/workflow/json';
import { api, bootService, makeServiceDir, n8nWorkflow, removeDir, resumePath, settled } from './service-under-test';

const workflows: Record<string, JsonObject> = {
  timed: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { amount: 0.4, unit: 'seconds' }, { typeVersion: 1.1 }],
      ['Done', 'n8n-nodes-base.noOp'],
    ],
    [
      ['Start', 'Wait'],
      ['Wait', 'Done'],
    ],
  ),
  approval: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook', httpMethod: 'POST' }, { typeVersion: 1.1 }],
      ['Done', 'n8n-nodes-base.noOp'],
    ],
    [
      ['Start', 'Wait'],
      ['Wait', 'Done'],
    ],
  ),
};

let dir: string;
let first: BuiltService | undefined;
let second: BuiltService | undefined;
beforeEach(() => {
  dir = makeServiceDir(workflows);
});
afterEach(async () => {
  await first?.shutdown(500);
  await second?.shutdown(500);
  first = second = undefined;
  removeDir(dir);
});

describe('a restart in the middle of a wait', () => {
  it('a new service over the same DATA_DIR resumes a timed wait when it is due', async () => {
    first = await bootService(dir);
    const executed = await api(first).post('/canvas/timed/execute');
    expect(executed.body.status).toBe('waiting');
    const id = executed.body.executionId as string;
    // The service goes away with the run parked (saved before it parked, even for 0.4 s).
    await first.shutdown(500);
    first = undefined;
    second = await bootService(dir);
    const execution = await settled(second, id);
    expect(execution).toMatchObject({ status: 'success', finished: true, mode: 'manual' });
    const runData = (execution.data as { resultData: { runData: Record<string, unknown[]> } }).resultData.runData;
    expect(Object.keys(runData)).toEqual(['Start', 'Wait', 'Done']);
    expect(runData.Wait).toHaveLength(1);
  });

  it('a new service takes the resume call of a run parked before the restart', async () => {
    first = await bootService(dir);
    const executed = await api(first).post('/canvas/approval/execute');
    const id = executed.body.executionId as string;
    const resumeUrl = (await api(first).get(`/executions/${id}`)).body.data.resumeUrl as string;
    await first.shutdown(500);
    first = undefined;
    second = await bootService(dir);
    const resumed = await api(second).public.post(resumePath(resumeUrl)).send({ decision: 'yes' });
    expect([resumed.status, resumed.body]).toEqual([200, { message: 'Workflow was started' }]);
    const execution = await settled(second, id);
    expect(execution.status).toBe('success');
    const done = (execution.data as { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } }).resultData.runData.Done;
    expect(done[0].data.main[0][0].json.body).toEqual({ decision: 'yes' });
  });

  it('marks a run left running by the previous process as crashed, and it can be retried', async () => {
    first = await bootService(dir);
    const executed = await api(first).post('/canvas/approval/execute');
    const id = executed.body.executionId as string;
    // A resume that never finished: the row says running when the process dies.
    await first.stores.executions.transition(id, 'waiting', 'running');
    await first.shutdown(500);
    first = undefined;
    second = await bootService(dir);
    const crashed = await api(second).get(`/executions/${id}`);
    expect(crashed.body.data).toMatchObject({
      status: 'crashed',
      errorMessage: 'The service stopped while this execution was running (crash or restart); retry it to run it again',
    });
    const retried = await api(second).post(`/executions/${id}/retry`, { loadWorkflow: true });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ success: true, status: 'waiting' });
    expect((await api(second).get(`/executions/${retried.body.executionId}`)).body.data.retryOf).toBe(id);
  });
});
