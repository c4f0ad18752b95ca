import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';

/**
 * The Code node's time and memory limits, measured against the configured values through the
 * public API only (execute over HTTP, read the execution): work that needs more than the
 * limit fails, the same work under a limit that allows it succeeds. A limit applied at the
 * wrong size (ten times too large or too small) fails one of the two.
 */
const codeWorkflow = (id: string, jsCode: string): WorkflowJson => ({
  id,
  name: id,
  nodes: [
    { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: 'c', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { mode: 'runOnceForAllItems', jsCode } },
  ],
  connections: { Start: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
});

/** Busy for `ms` of wall time, then returns how long it ran. */
const busy = (ms: number) => `const started = Date.now(); let spins = 0; while (Date.now() - started < ${ms}) spins++; return [{ json: { ran: Date.now() - started } }];`;
/** Holds about `mb` MB of doubles on the isolate's heap at once. */
const hold = (mb: number) => `const chunks = []; for (let i = 0; i < ${mb}; i++) chunks.push(new Array(131072).fill(i + 0.5)); return [{ json: { chunks: chunks.length } }];`;

const workflows = [codeWorkflow('busy', busy(1500)), codeWorkflow('hold', hold(96)), codeWorkflow('quick', 'return [{ json: { ok: true } }];')];

async function run(service: TestService, id: string) {
  const started = Date.now();
  const answer = await service.http.post(`/canvas/${id}/execute`).set(AUTH).send({});
  const elapsed = Date.now() - started;
  const read = await service.http.get(`/executions/${answer.body.executionId}`).set(AUTH);
  return { status: answer.body.status as string, errorMessage: read.body.data.errorMessage as string | null, elapsed, output: read.body.data.data.resultData.runData.Code?.[0]?.data?.main?.[0]?.[0]?.json };
}

describe('Code node limits against their configured values', () => {
  let tight: TestService;
  let tightMemory: TestService;
  let roomy: TestService;
  beforeAll(async () => {
    tight = await startTestService({ workflows, env: { CODE_TIMEOUT_MS: '400', CODE_MEMORY_MB: '48' } });
    // Its own service with a long time limit: near the heap limit V8 collects garbage again and
    // again before it gives up, which on a loaded machine can take longer than a tight timeout.
    tightMemory = await startTestService({ workflows, env: { CODE_TIMEOUT_MS: '20000', CODE_MEMORY_MB: '48' } });
    roomy = await startTestService({ workflows, env: { CODE_TIMEOUT_MS: '6000', CODE_MEMORY_MB: '512' } });
  }, 60_000);
  afterAll(async () => {
    for (const service of [tight, tightMemory, roomy]) {
      await service?.close();
      service?.cleanup();
    }
  });

  it('stops code running past CODE_TIMEOUT_MS, not before, and lets the same code finish under a longer limit', async () => {
    const stopped = await run(tight, 'busy');
    expect(stopped.status).toBe('error');
    expect(stopped.errorMessage).toMatch(/timed out/i);
    expect(stopped.elapsed).toBeGreaterThanOrEqual(400);
    const finished = await run(roomy, 'busy');
    expect(finished.status).toBe('success');
    expect((finished.output as { ran: number }).ran).toBeGreaterThanOrEqual(1500);
  }, 30_000);

  it('fails code holding more than CODE_MEMORY_MB, lets it run under a larger limit, and the next call works', async () => {
    const refused = await run(tightMemory, 'hold');
    expect(refused.status).toBe('error');
    expect(refused.errorMessage).toMatch(/memory/i);
    expect((await run(tightMemory, 'quick')).status).toBe('success');
    const held = await run(roomy, 'hold');
    expect(held.status).toBe('success');
    expect(held.output).toEqual({ chunks: 96 });
  }, 60_000);
});
