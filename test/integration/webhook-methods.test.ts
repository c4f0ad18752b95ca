import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { SET, WEBHOOK, set } from './helpers/workflows';

/** A Webhook allowing PUT and GET (in that order: n8n keeps the listed order), each output to its own Set. */
const twoMethods: WorkflowJson = {
  id: 'two-methods',
  name: 'two-methods',
  settings: { executionOrder: 'v1' },
  nodes: [
    { name: 'Webhook', type: WEBHOOK, typeVersion: 2, position: [0, 0], parameters: { multipleMethods: true, httpMethod: ['PUT', 'GET'], path: 'both', responseMode: 'lastNode' } },
    { name: 'On PUT', type: SET, typeVersion: 3.4, position: [300, 0], parameters: { ...set({ via: 'put' }), includeOtherFields: false } },
    { name: 'On GET', type: SET, typeVersion: 3.4, position: [300, 200], parameters: { ...set({ via: 'get' }), includeOtherFields: false } },
  ],
  connections: { Webhook: { main: [[{ node: 'On PUT', type: 'main', index: 0 }], [{ node: 'On GET', type: 'main', index: 0 }]] } },
};

/** Default methods of "Allow Multiple HTTP Methods": GET then POST. */
const defaults: WorkflowJson = {
  ...twoMethods,
  id: 'default-methods',
  name: 'default-methods',
  nodes: twoMethods.nodes.map((node) => (node.name === 'Webhook' ? { ...node, parameters: { multipleMethods: true, path: 'defaults', responseMode: 'lastNode' } } : node)),
};

type Run = { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject }>> } }>> } } };

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ workflows: [twoMethods, defaults] });
  for (const id of ['two-methods', 'default-methods']) expect((await service.http.post(`/canvas/${id}/activate`).set(AUTH).send({})).status).toBe(200);
});
afterAll(async () => {
  await service.close();
  service.cleanup();
});

async function lastRun(canvas: string): Promise<Run> {
  await service.built.service.drain(2000);
  const list = await service.http.get(`/canvas/${canvas}/executions?limit=1`).set(AUTH);
  return (await service.http.get(`/executions/${list.body.data[0].id}`).set(AUTH)).body.data as Run;
}

const outputs = (run: Run) => run.data.resultData.runData.Webhook[0].data.main;

describe('a Webhook node with several HTTP methods (multipleMethods)', () => {
  it('sends each call out of its method\'s output, in the order the methods are listed', async () => {
    const put = await service.http.put('/webhook/both').send({ id: 1 });
    expect([put.status, put.body]).toEqual([200, { via: 'put' }]);
    let run = await lastRun('two-methods');
    expect(run.data.resultData.runData.Webhook[0].data.main.map((items) => items.map((item) => item.json.body))).toEqual([[{ id: 1 }], []]);
    expect(run.data.resultData.runData['On GET']).toBeUndefined();

    const get = await service.http.get('/webhook/both?id=2');
    expect([get.status, get.body]).toEqual([200, { via: 'get' }]);
    run = await lastRun('two-methods');
    expect(run.data.resultData.runData.Webhook[0].data.main.map((items) => items.map((item) => item.json.query))).toEqual([[], [{ id: '2' }]]);
    expect(run.data.resultData.runData['On PUT']).toBeUndefined();
  });

  it('defaults to GET and POST, and refuses a method it does not listen to', async () => {
    // Output 0 (wired to "On PUT") now takes GET, output 1 ("On GET") POST.
    expect((await service.http.get('/webhook/defaults')).body).toEqual({ via: 'put' });
    expect((await service.http.post('/webhook/defaults').send({})).body).toEqual({ via: 'get' });
    const run = await lastRun('default-methods');
    expect(outputs(run).map((items) => items.length)).toEqual([0, 1]);
    const refused = await service.http.delete('/webhook/defaults');
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toBe('This webhook is not registered for DELETE requests. Did you mean to make a GET or POST request?');
  });
});
