import type { ExecutionRecord } from '../../../src/store/types';
import { ConflictError } from '../../../src/errors';
import { createHarness, workflowJson, type Harness } from './service-fixture';

const flow = workflowJson('flow', [['Start', 'n8n-nodes-base.manualTrigger']], []);

let h: Harness;
afterEach(async () => h.close());

describe('resuming an execution whose saved state is unusable', () => {
  it('marks it crashed with a message once, instead of failing on every poll', async () => {
    h = createHarness({ workflows: [flow] });
    const broken = {
      id: 'broken-1',
      canvasId: 'flow',
      workflowId: 'flow',
      mode: 'production',
      status: 'waiting',
      finished: false,
      startedAt: new Date('2026-01-01T00:00:00Z'),
      waitTill: new Date('2026-01-01T00:00:01Z'),
      workflowData: flow,
      data: {},
      logs: [],
    } as unknown as ExecutionRecord;
    await h.executions.save(broken);
    const message = 'Execution "broken-1" cannot resume: its saved run state is incomplete (no node stack); retry it to run it again';
    await expect(h.service.resume('broken-1')).rejects.toEqual(new ConflictError(message));
    const stored = await h.executions.get('broken-1');
    expect(stored?.status).toBe('crashed');
    expect(stored?.errorMessage).toBe(message);
    await expect(h.service.resume('broken-1')).rejects.toThrow('Execution "broken-1" is not waiting (status: crashed)');
  });
});
