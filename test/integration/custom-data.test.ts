import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, SET, WEBHOOK, chain } from './helpers/workflows';

const CODE = 'n8n-nodes-base.code';
const code = (jsCode: string, mode?: string): JsonObject => (mode === undefined ? { jsCode } : { jsCode, mode });

/** Code, the Execution Data node and expressions writing and reading one custom data. */
const joined = (id: string, trigger: [string, string, JsonObject?]): WorkflowJson =>
  chain(id, [
    trigger,
    [
      'Set In Code',
      CODE,
      code(
        "$execution.customData.set('order_id', 42);\n$execution.customData.setAll({ customer: 'Ann', total: 9.5 });\n" +
          "$execution.customData.set('bad-key', 'skipped outside manual runs');\n" +
          'return [{ json: { one: $execution.customData.get(\'order_id\'), all: $execution.customData.getAll() } }];',
      ),
      { typeVersion: 2 },
    ],
    ['Save', 'n8n-nodes-base.executionData', { dataToSave: { values: [{ key: 'source', value: 'odoo' }, { key: 'customer', value: 'Bea' }] } }],
    ['Read In Code', CODE, code("return [{ json: { all: $execution.customData.getAll(), missing: $execution.customData.get('nope') ?? null } }];"), { typeVersion: 2 }],
    [
      'Read In Expr',
      SET,
      {
        assignments: {
          assignments: [
            { id: 'a', name: 'all', value: '={{ JSON.stringify($execution.customData.getAll()) }}', type: 'string' },
            { id: 'b', name: 'set', value: "={{ $execution.customData.set('from_expr', 'yes') ?? 'done' }}", type: 'string' },
          ],
        },
        options: {},
      },
    ],
  ]);

const workflows: WorkflowJson[] = [
  joined('manual-join', ['Start', MANUAL]),
  joined('hook-join', ['Hook', WEBHOOK, { path: 'custom-data', httpMethod: 'POST', responseMode: 'lastNode', options: {} }]),
  chain('limits', [
    ['Start', MANUAL],
    [
      'Limits',
      CODE,
      code(
        "for (let i = 0; i < 12; i++) $execution.customData.set('k' + i, i);\n$execution.customData.set('k0', 'x'.repeat(600));\n" +
          "$execution.customData.set('k1', 12n);\nconst all = $execution.customData.getAll();\n" +
          'return [{ json: { keys: Object.keys(all), k0: all.k0.length, k1: all.k1, k11: all.k11 ?? null } }];',
      ),
      { typeVersion: 2 },
    ],
  ]),
  chain('bad-key', [['Start', MANUAL], ['Bad Key', CODE, code("$execution.customData.set('bad-key', 'x');\nreturn [{ json: { ok: true } }];"), { typeVersion: 2 }]]),
  chain('bad-value', [['Start', MANUAL], ['Bad Value', CODE, code("$execution.customData.set('good', { a: 1 });\nreturn [{ json: { ok: true } }];"), { typeVersion: 2 }]]),
];

type Execution = { status: string; customData: Record<string, string>; data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: JsonObject }>> }; error?: { message: string } }>> } } };

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ workflows });
  expect((await service.http.post('/canvas/hook-join/activate').set(AUTH).send({})).status).toBe(200);
});
afterAll(async () => {
  await service.close();
  service.cleanup();
});

async function execute(canvas: string): Promise<Execution> {
  const executed = await service.http.post(`/canvas/${canvas}/execute`).set(AUTH).send({});
  return (await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data as Execution;
}
const output = (execution: Execution, node: string) => execution.data.resultData.runData[node][0].data?.main[0][0].json;

describe('$execution.customData: one custom data per execution, shared with the Execution Data node', () => {
  it('in a production run: Code writes it, Execution Data adds to it, Code and expressions read it, the execution saves it', async () => {
    const reply = await service.http.post('/webhook/custom-data').send({});
    expect(reply.status).toBe(200);
    const list = await service.http.get('/canvas/hook-join/executions?limit=1').set(AUTH);
    const execution = (await service.http.get(`/executions/${list.body.data[0].id}`).set(AUTH)).body.data as Execution;
    expect(execution.status).toBe('success');
    // n8n: values kept as text; a refused key is skipped outside manual runs.
    expect(output(execution, 'Set In Code')).toEqual({ one: '42', all: { order_id: '42', customer: 'Ann', total: '9.5' } });
    expect(output(execution, 'Read In Code')).toEqual({ all: { order_id: '42', customer: 'Bea', total: '9.5', source: 'odoo' }, missing: null });
    expect(output(execution, 'Read In Expr')).toEqual({ all: '{"order_id":"42","customer":"Bea","total":"9.5","source":"odoo"}', set: 'done' });
    expect(execution.customData).toEqual({ order_id: '42', customer: 'Bea', total: '9.5', source: 'odoo', from_expr: 'yes' });
    expect(reply.body).toEqual(output(execution, 'Read In Expr'));
  });

  it('in a manual run a refused key fails the Code node with n8n\'s message, keeping what was set before', async () => {
    const execution = await execute('manual-join');
    expect(execution.status).toBe('error');
    expect(execution.data.resultData.runData['Set In Code'][0].error?.message).toContain('Custom data key can only contain letters, numbers, and underscores (key "bad-key")');
    expect(execution.customData).toEqual({ order_id: '42', customer: 'Ann', total: '9.5' });
  });

  it("keeps n8n's limits: 10 keys, values cut to 512 characters, numbers and bigints as text", async () => {
    const execution = await execute('limits');
    expect(output(execution, 'Limits')).toEqual({ keys: ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'], k0: 512, k1: '12', k11: null });
    expect(Object.keys(execution.customData)).toHaveLength(10);
  });

  it("refuses bad keys and values with n8n's messages in manual runs", async () => {
    expect((await execute('bad-key')).data.resultData.runData['Bad Key'][0].error?.message).toContain('Custom data key can only contain letters, numbers, and underscores (key "bad-key")');
    const badValue = await execute('bad-value');
    expect(badValue.data.resultData.runData['Bad Value'][0].error?.message).toContain('Custom data values must be a string (key "good")');
    expect(badValue.customData).toEqual({});
  });
});
