import type { NodeTypeDefinition } from '../../src/contracts/node-type';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';

/** Counts its runs and, when the test holds the gate, stays busy until it opens. */
let runs = 0;
let gate: Promise<void> = Promise.resolve();
const countRuns: NodeTypeDefinition = {
  type: 'test.countRuns',
  displayName: 'Count runs',
  versions: [1],
  execute: async (ctx) => {
    runs += 1;
    await gate;
    return [ctx.getInputItems()];
  },
};

const workflow: WorkflowJson = {
  id: 'keyed',
  name: 'Keyed',
  nodes: [
    { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: 'c', name: 'Count', type: 'test.countRuns', typeVersion: 1, position: [200, 0], parameters: {} },
  ],
  connections: { Start: { main: [[{ node: 'Count', type: 'main', index: 0 }]] } },
};

describe('Idempotency-Key under concurrency (embedded store)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ workflows: [workflow], extraNodeTypes: [countRuns] });
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it.each([
    ['waiting for the end', {}, 200],
    ['not waiting', { wait: false }, 202],
  ])('20 calls at once with one key (%s): one execution, 20 identical answers', async (_case, body, status) => {
    runs = 0;
    const key = `button-${status}`;
    // Not waiting: the run is held until every caller has its answer, so all see it running.
    let open = () => undefined as void;
    gate = status === 202 ? new Promise<void>((resolve) => (open = resolve)) : Promise.resolve();
    const answers = await Promise.all(Array.from({ length: 20 }, () => service.http.post('/canvas/keyed/execute').set(AUTH).set('Idempotency-Key', key).send(body)));
    open();
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(status));
    const first = answers[0]?.body as { executionId: string };
    expect(answers.map((answer) => answer.body)).toEqual(Array(20).fill(answers[0]?.body));
    await service.built.service.drain(5000);
    expect(runs).toBe(1);
    const list = await service.http.get('/canvas/keyed/executions?limit=50').set(AUTH);
    expect(list.body.data.filter((row: { id: string }) => row.id === first.executionId)).toHaveLength(1);
    const stored = await service.built.stores.executions.findByRequestId(key);
    expect(stored?.id).toBe(first.executionId);
    // Later calls with the key answer with that execution too, without running it again.
    const later = await service.http.post('/canvas/keyed/execute').set(AUTH).set('Idempotency-Key', key).send({});
    expect(later.body).toEqual({ success: true, executionId: first.executionId, status: 'success' });
    expect(runs).toBe(1);
  });
});
