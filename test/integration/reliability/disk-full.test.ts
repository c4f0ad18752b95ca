import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServiceProcess, transpileService, type ServiceProcess } from '../../helpers/service-process';
import { mountSmallDisk, type SmallDisk } from './small-disk';

/**
 * Issue 18's scenario with a real full disk: DATA_DIR on a 4 MB tmpfs, a webhook answering
 * `onReceived`, the disk filled in the middle of a burst. The service must stay up, refuse
 * with 503 + Retry-After (and /readyz 503) while full, and once space is back every call it
 * answered 200 must be a stored execution, without a restart.
 */
const KEY = 'disk-full-test-key-0123456789abcdef';
const CANVAS = 'burst';
const { disk, reason } = mountSmallDisk(4);
if (reason) console.warn(`disk-full test skipped: ${reason}`);
const describeWithDisk = disk ? describe : describe.skip;

const workflow = {
  id: CANVAS,
  name: 'Burst',
  active: true,
  nodes: [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: 'burst', responseMode: 'onReceived' } },
    {
      id: 's',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a', name: 'n', type: 'number', value: '={{ $json.body.n }}' }] } },
    },
  ],
  connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

interface Answer {
  n: number;
  status: number;
  retryAfter: string | null;
}

describeWithDisk('a full DATA_DIR disk during a webhook burst', () => {
  const small = disk as SmallDisk;
  let outDir: string;
  let workflowsDir: string;
  let service: ServiceProcess | undefined;
  let stderr = '';

  beforeAll(() => {
    outDir = transpileService();
    workflowsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-full-wf-'));
    fs.writeFileSync(path.join(workflowsDir, `${CANVAS}.json`), JSON.stringify(workflow));
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    small.unmount();
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(workflowsDir, { recursive: true, force: true });
  });

  const call = async (n: number): Promise<Answer> => {
    const response = await fetch(`${service?.url}/webhook/burst`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
    await response.arrayBuffer();
    return { n, status: response.status, retryAfter: response.headers.get('retry-after') };
  };
  const api = async (route: string) => {
    const response = await fetch(`${service?.url}${route}`, { headers: { authorization: `Bearer ${KEY}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Waits for a condition the service reaches on its own (a probe write, a flush), checking as it goes. */
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stderr.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('stays up, answers 503 while full, and stores every call it answered 200 once space is back', async () => {
    service = await startServiceProcess(outDir, { DATA_DIR: small.dir, WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: KEY, LOG_LEVEL: 'info' });
    service.child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const answers: Answer[] = [];
    let next = 0;
    let filled = false;
    let refusedInARow = 0;
    // Five callers at once; the disk fills after 40 answers, in the middle of the burst.
    const caller = async () => {
      while (refusedInARow < 25 && next < 5000) {
        const answer = await call(next++);
        answers.push(answer);
        refusedInARow = answer.status === 503 ? refusedInARow + 1 : 0;
        if (!filled && answers.length >= 40) {
          filled = true;
          small.fill();
        }
      }
    };
    await Promise.all([caller(), caller(), caller(), caller(), caller()]);
    const counts = answers.reduce<Record<number, number>>((all, answer) => ({ ...all, [answer.status]: (all[answer.status] ?? 0) + 1 }), {});
    process.stdout.write(`disk-full burst: ${answers.length} calls, by status ${JSON.stringify(counts)}\n`);

    expect(service.child.exitCode).toBeNull();
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const unexpected = answers.filter((answer) => answer.status !== 200 && answer.status !== 503);
    expect(unexpected).toEqual([]);
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(25);
    expect(refused.every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: { message: string } }).error.message).toMatch(/cannot write/);
    expect(stderr).toMatch(/SQLITE_FULL|disk is full|ENOSPC/);

    small.free();
    await until('the store to write again', async () => (await fetch(`${service?.url}/readyz`)).status === 200);
    const accepted = answers.filter((answer) => answer.status === 200).map((answer) => answer.n);
    await until('every accepted call to be stored', async () => (await api(`/canvas/${CANVAS}/executions?limit=500`)).body.total === accepted.length);

    const stored: number[] = [];
    for (let offset = 0; offset < accepted.length; offset += 500) {
      const page = await api(`/canvas/${CANVAS}/executions?limit=500&offset=${offset}`);
      for (const row of page.body.data as Array<{ id: string; status: string }>) {
        expect(row.status).toBe('success');
        const detail = await api(`/executions/${row.id}`);
        const data = (detail.body.data as { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: { n: number } }>> } }>> } } }).data;
        stored.push(data.resultData.runData.Set[0].data.main[0][0].json.n);
      }
    }
    expect(stored.sort((a, b) => a - b)).toEqual([...accepted].sort((a, b) => a - b));

    // New calls succeed, without a restart.
    const after = await Promise.all([1, 2, 3, 4, 5].map((i) => call(10_000 + i)));
    expect(after.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    await until('the new calls to be stored', async () => (await api(`/canvas/${CANVAS}/executions?limit=1`)).body.total === accepted.length + 5);
    expect(service.child.exitCode).toBeNull();
  }, 240_000);
});
