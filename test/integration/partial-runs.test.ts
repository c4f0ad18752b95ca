import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, SET, chain, set } from './helpers/workflows';

const HTTP = 'n8n-nodes-base.httpRequest';

/** Five nodes: Start -> Fetch Stock (a real HTTP call) -> Decide (the third) -> Ship -> Notify. */
function fiveNodes(stockUrl: string, pinData?: WorkflowJson['pinData']): WorkflowJson {
  const workflow = chain('five', [
    ['Start', MANUAL],
    ['Fetch Stock', HTTP, { url: stockUrl, options: {} }, { typeVersion: 4.2 }],
    ['Decide', SET, { ...set({ decision: "={{ $json.stock >= $('Start').item.json.qty ? 'ship' : 'wait' }}" }), includeOtherFields: true }],
    ['Ship', SET, set({ shipped: true })],
    ['Notify', SET, set({ notified: true })],
  ]);
  return pinData ? { ...workflow, pinData } : workflow;
}

type Task = { startTime: number; executionIndex: number; executionStatus: string; data?: { main: Array<Array<{ json: JsonObject }>> } };
type Execution = { status: string; mode: string; partialOf: string | null; data: { resultData: { runData: Record<string, Task[]>; error?: { message: string } } } };

let stock: RecordingServer;
let service: TestService;
beforeEach(async () => {
  stock = await startRecordingServer();
});
afterEach(async () => {
  await service.close();
  service.cleanup();
  await stock.close();
});

async function execution(id: string): Promise<Execution> {
  const response = await service.http.get(`/executions/${id}`).set(AUTH);
  return response.body.data as Execution;
}

const runNode = (id: string, body: JsonObject) => service.http.post(`/executions/${id}/run-node`).set(AUTH).send(body);
const jsonOf = (task: Task | undefined) => (task?.data?.main?.[0] ?? []).map((item) => item.json);

describe('POST /executions/:id/run-node (partial runs)', () => {
  it('runs the third node of five with its unsaved parent, fed by the saved items of the others', async () => {
    service = await startTestService({ workflows: [fiveNodes(`${stock.url}/stock`)] });
    // The first run fails at Fetch Stock: the stock service is down.
    stock.reply(() => ({ status: 503, body: { message: 'down' } }));
    const first = await service.http.post('/canvas/five/execute').set(AUTH).send({ triggerData: { order: 'A-1', qty: 3 } });
    expect(first.body.status).toBe('error');
    const original = await execution(first.body.executionId);
    expect(Object.keys(original.data.resultData.runData)).toEqual(['Start', 'Fetch Stock']);

    // Stock is back: running "Decide" runs Fetch Stock (no saved output) and Decide, nothing else.
    stock.reply(() => ({ body: { stock: 5 } }));
    const partial = await runNode(first.body.executionId, { node: 'Decide' });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ success: true, status: 'success' });
    expect(partial.body.executionId).not.toBe(first.body.executionId);
    const run = await execution(partial.body.executionId);
    expect(run).toMatchObject({ status: 'success', mode: 'manual', partialOf: first.body.executionId });
    const runData = run.data.resultData.runData;
    expect(Object.keys(runData).sort()).toEqual(['Decide', 'Fetch Stock', 'Start']);
    // Start did not run again: its saved run is carried over as it was.
    expect(runData.Start).toEqual(original.data.resultData.runData.Start);
    expect(runData['Fetch Stock']).toHaveLength(1);
    expect(runData['Fetch Stock'][0].executionStatus).toBe('success');
    expect(stock.requests).toHaveLength(2);
    // Decide's expression reads Start's saved item.
    expect(jsonOf(runData.Decide[0])).toEqual([{ stock: 5, decision: 'ship' }]);

    // From that run, Decide's parents all have saved output: only Decide runs.
    const again = await runNode(partial.body.executionId, { node: 'Decide' });
    expect(again.body.status).toBe('success');
    const onlyDecide = await execution(again.body.executionId);
    expect(onlyDecide.data.resultData.runData['Fetch Stock']).toEqual(runData['Fetch Stock']);
    expect(onlyDecide.data.resultData.runData.Decide[0].startTime).toBeGreaterThanOrEqual(runData.Decide[0].startTime);
    expect(onlyDecide.data.resultData.runData.Decide[0].executionIndex).toBeGreaterThan(runData['Fetch Stock'][0].executionIndex);
    expect(stock.requests).toHaveLength(2);
  });

  it("honours n8n's pinned data: a pinned parent is never run again", async () => {
    service = await startTestService({ workflows: [fiveNodes(`${stock.url}/stock`, { 'Fetch Stock': [{ json: { stock: 1 } }] })] });
    const first = await service.http.post('/canvas/five/execute').set(AUTH).send({ triggerData: { qty: 3 } });
    expect(first.body.status).toBe('success');
    const partial = await runNode(first.body.executionId, { node: 'Decide' });
    const run = await execution(partial.body.executionId);
    expect(jsonOf(run.data.resultData.runData.Decide[0])).toEqual([{ stock: 1, decision: 'wait' }]);
    expect(stock.requests).toHaveLength(0);
  });

  it('refuses an unknown node, a bad body, a missing or a still waiting execution, with clear messages', async () => {
    service = await startTestService({
      workflows: [fiveNodes(`${stock.url}/stock`), chain('parked', [['Start', MANUAL], ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook' }, { typeVersion: 1.1 }]])],
    });
    const first = await service.http.post('/canvas/five/execute').set(AUTH).send({});
    const unknown = await runNode(first.body.executionId, { node: 'Nope' });
    expect([unknown.status, unknown.body.error]).toEqual([400, { code: 'bad_request', message: 'Workflow "five" has no node "Nope" to run' }]);
    const bad = await runNode(first.body.executionId, { nodeName: 'Decide' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Invalid body of POST /executions/:id/run-node');
    const missing = await runNode('no-such-execution', { node: 'Decide' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const parked = await service.http.post('/canvas/parked/execute').set(AUTH).send({});
    const busy = await runNode(parked.body.executionId, { node: 'Wait' });
    expect([busy.status, busy.body.error.message]).toEqual([409, `Execution "${parked.body.executionId}" is still waiting: run a node from it once it has ended`]);
    const unauthorised = await service.http.post(`/executions/${first.body.executionId}/run-node`).send({ node: 'Decide' });
    expect(unauthorised.status).toBe(401);
  });
});
