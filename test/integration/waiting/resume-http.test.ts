import type { BuiltService } from '../../../src/server/build-service';
import type { JsonObject } from '../../../src/workflow/json';
import { api, bootService, makeServiceDir, n8nWorkflow, removeDir, resumePath, settled } from './service-under-test';

const set = (name: string, assignments: Array<[string, string, string]>): [string, string, JsonObject, JsonObject] => [
  name,
  'n8n-nodes-base.set',
  { assignments: { assignments: assignments.map(([field, value, type], index) => ({ id: String(index), name: field, value, type })) }, options: {} },
  { typeVersion: 3.4 },
];

const workflows: Record<string, JsonObject> = {
  // The seed's phase 8: a Wait node created with only {"resume": "webhook"}, resumed by a POST.
  approval: n8nWorkflow(
    [
      ['Start', 'manual', {}, { typeVersion: 1 }],
      set('Before', [['x', '7', 'number']]),
      ['Wait', 'wait', { resume: 'webhook' }, { typeVersion: 1.1 }],
      set('After', [
        ['approved', '={{ $json.body.approved }}', 'boolean'],
        ['fromBefore', "={{ $('Before').item.json.x }}", 'number'],
      ]),
    ],
    [
      ['Start', 'Before'],
      ['Before', 'Wait'],
      ['Wait', 'After'],
    ],
  ),
  guarded: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      [
        'Wait',
        'n8n-nodes-base.wait',
        { resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'basicAuth', responseMode: 'lastNode', options: { responsePropertyName: 'body' } },
        { typeVersion: 1.1, credentials: { httpBasicAuth: { user: 'odoo', password: 's3cret' } } },
      ],
      ['Done', 'n8n-nodes-base.noOp'],
    ],
    [
      ['Start', 'Wait'],
      ['Wait', 'Done'],
    ],
  ),
  respond: n8nWorkflow(
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook', httpMethod: 'POST', responseMode: 'responseNode', options: { webhookSuffix: 'answer' } }, { typeVersion: 1.1 }],
      ['Reply', 'n8n-nodes-base.respondToWebhook', { respondWith: 'text', responseBody: '=thanks {{ $json.body.name }}', options: { responseCode: 202 } }, { typeVersion: 1.1 }],
    ],
    [
      ['Start', 'Wait'],
      ['Wait', 'Reply'],
    ],
  ),
};

let dir: string;
let built: BuiltService;
beforeAll(async () => {
  dir = makeServiceDir(workflows);
  built = await bootService(dir);
});
afterAll(async () => {
  await built.shutdown(1000);
  removeDir(dir);
});

/** POST /canvas/:id/execute, then the parked execution's resume URL. */
async function park(canvasId: string): Promise<{ id: string; resumeUrl: string }> {
  const executed = await api(built).post(`/canvas/${canvasId}/execute`);
  expect(executed.status).toBe(200);
  expect(executed.body).toEqual({ success: true, executionId: expect.any(String), status: 'waiting' });
  const execution = await api(built).get(`/executions/${executed.body.executionId}`);
  expect(execution.body.data).toMatchObject({ status: 'waiting', finished: false, resumeUrl: expect.stringMatching(/^http:\/\/sidecar\.test\/webhook-waiting\//) });
  return { id: executed.body.executionId, resumeUrl: execution.body.data.resumeUrl };
}

const outputOf = (execution: JsonObject, node: string) => {
  const data = execution.data as { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: JsonObject }>> } }>> } };
  return data.resultData.runData[node]?.[0]?.data?.main?.[0]?.map((item) => item.json);
};

describe('seed phase 8: Wait node and resumption over HTTP', () => {
  it('parks, gives a resume URL, and a POST to it continues the run where it stopped', async () => {
    const { id, resumeUrl } = await park('approval');
    expect(resumeUrl).toMatch(new RegExp(`^http://sidecar\\.test/webhook-waiting/${id}\\?signature=[A-Za-z0-9_-]{43}$`));
    const resumed = await api(built).public.post(resumePath(resumeUrl)).send({ approved: true });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ message: 'Workflow was started' });
    const execution = await settled(built, id);
    expect(execution).toMatchObject({ status: 'success', finished: true, waitTill: null, resumeUrl: null });
    expect(outputOf(execution, 'After')).toEqual([{ approved: true, fromBefore: 7 }]);
    const waitOutput = outputOf(execution, 'Wait')?.[0] as JsonObject;
    expect(waitOutput).toMatchObject({
      params: {},
      query: {},
      body: { approved: true },
      webhookUrl: `http://sidecar.test/webhook-waiting/${id}`,
      executionMode: 'test',
    });
    expect((waitOutput.headers as JsonObject)['content-type']).toBe('application/json');
    // Earlier nodes ran once; the Wait node has one (resumed) run.
    const runData = (execution.data as { resultData: { runData: Record<string, unknown[]> } }).resultData.runData;
    expect(Object.fromEntries(Object.entries(runData).map(([node, runs]) => [node, runs.length]))).toEqual({ Start: 1, Before: 1, Wait: 1, After: 1 });
  });

  it('answers a tampered or missing token with 403 and changes nothing', async () => {
    const { id, resumeUrl } = await park('approval');
    const tampered = resumePath(resumeUrl).replace(/signature=./, (match) => `signature=${match.endsWith('A') ? 'B' : 'A'}`);
    for (const path of [tampered, `/webhook-waiting/${id}`]) {
      const response = await api(built).public.post(path).send({ approved: true });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ success: false, error: { code: 'forbidden', message: `The resume URL of execution "${id}" has a missing or invalid signature` } });
    }
    const execution = await api(built).get(`/executions/${id}`);
    expect(execution.body.data).toMatchObject({ status: 'waiting', resumeUrl });
    expect(Object.keys(execution.body.data.data.resultData.runData)).toEqual(['Start', 'Before', 'Wait']);
  });

  it('answers a reused token with 409', async () => {
    const { id, resumeUrl } = await park('approval');
    expect((await api(built).public.post(resumePath(resumeUrl)).send({ approved: false })).status).toBe(200);
    await settled(built, id);
    const again = await api(built).public.post(resumePath(resumeUrl)).send({ approved: true });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ success: false, error: { code: 'conflict', message: `The execution "${id}" has finished already` } });
  });

  it('lets one of two simultaneous calls resume the run; the other gets 409', async () => {
    const { id, resumeUrl } = await park('approval');
    const calls = await Promise.all([1, 2].map(() => api(built).public.post(resumePath(resumeUrl)).send({ approved: true })));
    expect(calls.map((call) => call.status).sort()).toEqual([200, 409]);
    const execution = await settled(built, id);
    expect(outputOf(execution, 'After')).toEqual([{ approved: true, fromBefore: 7 }]);
  });
});

describe('Wait node webhook options over HTTP', () => {
  it('checks the method and the basic auth the node asks for, then answers with the last node', async () => {
    const { id, resumeUrl } = await park('guarded');
    const path = resumePath(resumeUrl);
    const wrongMethod = await api(built).public.get(path);
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error.message).toBe(`The workflow for execution "${id}" does not contain a waiting webhook with a matching path/method`);
    const anonymous = await api(built).public.post(path).send({ ok: 1 });
    expect([anonymous.status, anonymous.text, anonymous.headers['www-authenticate']]).toEqual([401, 'Authorization is required!', 'Basic realm="Webhook"']);
    const wrong = await api(built).public.post(path).auth('odoo', 'guess').send({ ok: 1 });
    expect([wrong.status, wrong.text]).toEqual([403, 'Authorization data is wrong!']);
    expect((await api(built).get(`/executions/${id}`)).body.data.status).toBe('waiting');
    const allowed = await api(built).public.post(path).auth('odoo', 's3cret').send({ ok: 1 });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ ok: 1 });
    expect((await settled(built, id)).status).toBe('success');
  });

  it('answers through a Respond to Webhook node, on the suffix the node set', async () => {
    const { id, resumeUrl } = await park('respond');
    const base = resumePath(resumeUrl);
    expect((await api(built).public.post(base).send({ name: 'Ada' })).status).toBe(404);
    const [pathname, query] = base.split('?');
    const answered = await api(built).public.post(`${pathname}/answer?${query}`).send({ name: 'Ada' });
    expect([answered.status, answered.text]).toEqual([202, 'thanks Ada']);
    expect((await settled(built, id)).status).toBe('success');
  });

  it("takes the suffix appended after the token, as `{{$execution.resumeUrl}}/answer` gives it", async () => {
    const { id, resumeUrl } = await park('respond');
    const answered = await api(built).public.post(`${resumePath(resumeUrl)}/answer`).send({ name: 'Bob' });
    expect([answered.status, answered.text]).toEqual([202, 'thanks Bob']);
    expect((await settled(built, id)).status).toBe('success');
  });
});
