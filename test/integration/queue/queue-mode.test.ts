import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingServer, startQueueServer, type TestServer } from '../../helpers/queue-servers';
import { startRecordingServer, type RecordingServer } from '../../helpers/recording-server';
import { startServiceProcess, startWorkerProcess, transpileService, type ServiceProcess } from '../../helpers/service-process';
import { chain, set, SET, WEBHOOK, SCHEDULE } from '../helpers/workflows';

/**
 * Queue mode with real separate processes: two mains (`main.js`) and two workers
 * (`worker.js`) sharing one embedded store (one DATA_DIR on this machine) and one queue,
 * on each backend. Processes are reused across the tests of a backend; the tests that kill
 * or stop a worker come last and start a fresh one.
 */
const KEY = 'queue-test-key';
const HTTP = 'n8n-nodes-base.httpRequest';
const WAIT = 'n8n-nodes-base.wait';
const auth = { authorization: `Bearer ${KEY}` };

let outDir: string | undefined;
function compiled(): string {
  outDir ??= transpileService();
  return outDir;
}
afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

/** Set v3.4 assigning numbers computed by expressions. */
function numbers(values: Record<string, string>) {
  const assignments = Object.entries(values).map(([name, value], index) => ({ id: `n${index}`, name, value, type: 'number' }));
  return { mode: 'manual', assignments: { assignments }, options: {} };
}

function writeWorkflows(dir: string, hooks: string): void {
  const webhook = (pathName: string, responseMode: string) => ['Hook', WEBHOOK, { httpMethod: 'POST', path: pathName, responseMode, options: {} }] as const;
  const workflows = [
    chain('q-echo', [[...webhook('q-echo', 'lastNode')], ['Answer', SET, numbers({ n: '={{ $json.body.n }}', doubled: '={{ $json.body.n * 2 }}' })]]),
    chain('q-wait', [[...webhook('q-wait', 'onReceived')], ['Wait', WAIT, { resume: 'webhook', httpMethod: 'POST' }, { typeVersion: 1.1 }], ['After', SET, set({ resumed: '={{ $json.body.who }}' })]]),
    chain('q-timer', [[...webhook('q-timer', 'onReceived')], ['Wait', WAIT, { amount: 1, unit: 'seconds' }, { typeVersion: 1.1 }], ['After', SET, set({ waited: true })]]),
    chain('q-long', [[...webhook('q-long', 'onReceived')], ['Slow call', HTTP, { url: `${hooks}/hold-long`, options: {} }, { typeVersion: 4.2 }]]),
    chain(
      'q-hold',
      [[...webhook('q-hold', 'onReceived')], ['Call', HTTP, { url: `${hooks}/hold`, options: {} }, { typeVersion: 4.2 }], ['After', SET, set({ done: true })]],
      { errorWorkflow: 'q-errors' },
    ),
    chain('q-errors', [
      ['Error Trigger', 'n8n-nodes-base.errorTrigger'],
      ['Report', HTTP, { method: 'POST', url: `${hooks}/error`, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ failed: $json.execution.id }) }}', options: {} }, { typeVersion: 4.2 }],
    ]),
    chain('q-parent', [
      [...webhook('q-parent', 'onReceived')],
      ['Ask Child', 'n8n-nodes-base.executeWorkflow', { workflowId: { __rl: true, value: 'q-child', mode: 'list' }, options: {} }, { typeVersion: 1.2 }],
      ['After', SET, set({ fromChild: '={{ $json.approved }}' })],
    ]),
    chain('q-child', [
      ['Called', 'n8n-nodes-base.executeWorkflowTrigger', { inputSource: 'passthrough' }, { typeVersion: 1.1 }],
      ['Wait', WAIT, { resume: 'webhook', httpMethod: 'POST' }, { typeVersion: 1.1 }],
      ['Approve', SET, set({ approved: '={{ $json.body.who }}' })],
    ]),
    chain('q-schedule', [['Every', SCHEDULE, { rule: { interval: [{ field: 'seconds', secondsInterval: 1 }] } }], ['Beat', SET, set({ at: '={{ $json.timestamp }}' })]]),
  ];
  for (const workflow of workflows) {
    fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify({ ...workflow, active: workflow.id !== 'q-errors' && workflow.id !== 'q-child' }));
  }
}

/** The processes' last words, shown when one dies unexpectedly. */
const outputs = new Map<number, string>();
function keepOutput<T extends ServiceProcess>(process: T): T {
  const pid = process.child.pid ?? 0;
  const keep = (chunk: Buffer) => outputs.set(pid, ((outputs.get(pid) ?? '') + chunk.toString()).slice(-6000));
  process.child.stdout?.on('data', keep);
  process.child.stderr?.on('data', keep);
  void process.exited.then((how) => {
    if (globalThis.process.env.QUEUE_TEST_DEBUG || (how !== 0 && how !== 'SIGKILL')) globalThis.process.stderr.write(`process ${pid} ended (${String(how)}):\n${outputs.get(pid) ?? ''}\n`);
  });
  return process;
}

/**
 * fetch, again when a kept-alive socket was closed by the service as idle just as it was
 * reused (seen on the loaded shared machine): such a request never reached the service. A
 * request that did reach it and was answered twice would show in the exact counts.
 */
async function fetchReused(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (attempt >= 3 || cause?.code !== 'UND_ERR_SOCKET' || cause.message !== 'other side closed') throw error;
    }
  }
}

// Answers are read field by field as the API documents them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(base: string, route: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetchReused(`${base}${route}`, { ...init, headers: { 'content-type': 'application/json', ...auth, ...(init.headers as Record<string, string> | undefined) } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text answer
  }
  return { status: response.status, body };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function executionsOf(base: string, canvas: string, status?: string): Promise<{ total: number; rows: Array<{ id: string; status: string }> }> {
  const answer = await call(base, `/canvas/${canvas}/executions?limit=200${status ? `&status=${status}` : ''}`);
  return { total: answer.body.total as number, rows: answer.body.data as Array<{ id: string; status: string }> };
}

const backends = (['redis', 'postgres'] as const).filter((kind) => {
  const missing = missingServer(kind);
  if (missing) process.stderr.write(`queue-mode tests on ${kind} are not run: ${missing}\n`);
  return missing === undefined;
});

describe.each(backends)('queue mode on %s, two mains and two workers', (backend) => {
  let server: TestServer;
  let hooks: RecordingServer;
  let dir: string;
  let env: Record<string, string>;
  const mains: ServiceProcess[] = [];
  const workers: Array<ServiceProcess & { workerId: string }> = [];
  const held: Array<() => void> = [];

  beforeAll(async () => {
    server = await startQueueServer(backend);
    hooks = await startRecordingServer((request) => {
      if (!request.url.startsWith('/hold')) return { body: { ok: true } };
      return new Promise((resolve) => held.push(() => resolve({ body: { released: true } })));
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `queue-mode-${backend}-`));
    fs.mkdirSync(path.join(dir, 'workflows'));
    writeWorkflows(path.join(dir, 'workflows'), hooks.url);
    env = {
      EXECUTIONS_MODE: 'queue',
      QUEUE_URL: server.url,
      DATA_DIR: path.join(dir, 'data'),
      WORKFLOWS_DIR: path.join(dir, 'workflows'),
      SIDECAR_API_KEY: KEY,
      CREDENTIALS_KEY: 'queue-test-credentials-key-0123456789',
      QUEUE_LEASE_MS: '5000',
      CODE_TIMEOUT_MS: '180000',
      WORKER_CONCURRENCY: '10',
      LOG_LEVEL: 'info',
    };
    const out = compiled();
    workers.push(...(await Promise.all([startWorkerProcess(out, env), startWorkerProcess(out, env)])));
    mains.push(...(await Promise.all([startServiceProcess(out, env), startServiceProcess(out, env)])));
    for (const process of [...mains, ...workers]) keepOutput(process);
  }, 180_000);

  afterAll(async () => {
    for (const release of held.splice(0)) release();
    for (const process of [...mains, ...workers]) {
      if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGKILL');
      await process.exited;
    }
    await hooks?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /**
   * The worker process running the canvas's running execution, by the record's `worker` field
   * (the heartbeats' `running` counts can be a few seconds old).
   */
  async function holderOf(base: string, canvas: string): Promise<(typeof workers)[number]> {
    const workerId = await until(`the worker running ${canvas}`, async () => {
      const running = (await executionsOf(base, canvas, 'running')).rows[0];
      if (running === undefined) return undefined;
      return ((await call(base, `/executions/${running.id}`)).body.data.worker as string | undefined) ?? undefined;
    });
    const holder = workers.find((worker) => worker.workerId === workerId);
    if (holder === undefined) throw new Error(`no worker process has id ${workerId}`);
    return holder;
  }

  it('runs 1,000 webhook calls spread over two mains as exactly 1,000 executions, each answered with its own item', async () => {
    const calls = Array.from({ length: 1000 }, (_, n) => n);
    const answers = new Map<number, unknown>();
    const lanes = Array.from({ length: 20 }, async (_, lane) => {
      for (let n = lane; n < calls.length; n += 20) {
        const main = mains[n % 2];
        const answer = await call(main.url, '/webhook/q-echo', { method: 'POST', body: JSON.stringify({ n }) });
        expect(answer.status).toBe(200);
        answers.set(n, answer.body);
      }
    });
    await Promise.all(lanes);
    expect(answers.size).toBe(1000);
    for (const [n, body] of answers) expect(body).toEqual({ n, doubled: n * 2 });
    expect((await executionsOf(mains[0].url, 'q-echo')).total).toBe(1000);
    expect((await executionsOf(mains[1].url, 'q-echo', 'success')).total).toBe(1000);
    const queue = await call(mains[0].url, '/queue');
    expect(queue.body).toEqual({
      success: true,
      data: {
        backend,
        counts: { waiting: 0, active: 0, delayed: 0, failed: 0 },
        workers: expect.arrayContaining(workers.map((worker) => ({ id: worker.workerId, host: os.hostname(), pid: worker.child.pid, concurrency: 10, running: expect.any(Number), lastSeenAt: expect.any(String) }))),
      },
    });
    const metrics = await call(mains[1].url, '/metrics');
    expect(metrics.body).toContain('automator_queue_jobs{state="waiting"} 0');
    expect(metrics.body).toContain('automator_queue_workers 2');
  }, 300_000);

  it('resumes a waiting execution once when its resume URL is called on both mains at once', async () => {
    expect((await call(mains[0].url, '/webhook/q-wait', { method: 'POST', body: '{}' })).status).toBe(200);
    const waiting = await until('a waiting q-wait execution', async () => (await executionsOf(mains[1].url, 'q-wait', 'waiting')).rows[0]);
    const record = (await call(mains[1].url, `/executions/${waiting.id}`)).body.data;
    const resume = new URL(record.resumeUrl as string);
    const route = `${resume.pathname}${resume.search}`;
    const [first, second] = await Promise.all(mains.map((main, index) => call(main.url, route, { method: 'POST', body: JSON.stringify({ who: `main-${index}` }) })));
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const ended = await until('the resumed run to end', async () => {
      const data = (await call(mains[0].url, `/executions/${waiting.id}`)).body.data;
      return data.status === 'success' ? data : undefined;
    });
    const winner = first.status === 200 ? 'main-0' : 'main-1';
    expect(ended.data.resultData.runData.After).toHaveLength(1);
    expect(ended.data.resultData.runData.After[0].data.main[0]).toEqual([{ json: { resumed: winner }, pairedItem: { item: 0 } }]);
  }, 60_000);

  it('ends a timed wait through a delayed job', async () => {
    await call(mains[1].url, '/webhook/q-timer', { method: 'POST', body: '{}' });
    const done = await until('the timed wait to end', async () => (await executionsOf(mains[0].url, 'q-timer', 'success')).rows[0]);
    const data = (await call(mains[0].url, `/executions/${done.id}`)).body.data;
    expect(data.data.resultData.runData.After[0].data.main[0]).toEqual([{ json: { waited: true }, pairedItem: { item: 0 } }]);
  }, 60_000);

  it('fires each schedule slot once although both mains have timers and both are ticked', async () => {
    await Promise.all(mains.map((main) => call(main.url, '/schedules/tick', { method: 'POST', body: '{}' })));
    const beats = await until('three schedule runs', async () => {
      const { rows } = await executionsOf(mains[0].url, 'q-schedule', 'success');
      return rows.length >= 3 ? rows : undefined;
    });
    const slots = await Promise.all(beats.map(async (row) => (await call(mains[1].url, `/executions/${row.id}`)).body.data.data.resultData.runData.Beat[0].data.main[0][0].json.at as string));
    expect(new Set(slots).size).toBe(slots.length);
  }, 60_000);

  it('stops a run inside a long node on the worker that runs it, asked on the other main', async () => {
    await call(mains[0].url, '/webhook/q-long', { method: 'POST', body: '{}' });
    const running = await until('q-long running', async () => (await executionsOf(mains[1].url, 'q-long', 'running')).rows[0]);
    await until('the slow call', async () => (hooks.requests.some((request) => request.url === '/hold-long') ? true : undefined));
    const stopped = await call(mains[1].url, `/executions/${running.id}/stop`, { method: 'POST', body: '{}' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.data).toEqual(expect.objectContaining({ id: running.id, status: 'canceled' }));
    const data = (await call(mains[0].url, `/executions/${running.id}`)).body.data;
    expect(data).toEqual(expect.objectContaining({ status: 'canceled', errorMessage: 'The execution was stopped' }));
  }, 60_000);

  it('runs a sub-workflow as a job of its own, and a parent waiting for its waiting child goes on once the child is resumed', async () => {
    expect((await call(mains[0].url, '/webhook/q-parent', { method: 'POST', body: '{}' })).status).toBe(200);
    const child = await until('the child waiting', async () => (await executionsOf(mains[1].url, 'q-child', 'waiting')).rows[0]);
    const parent = await until('the parent waiting for it', async () => (await executionsOf(mains[1].url, 'q-parent', 'waiting')).rows[0]);
    const childRecord = (await call(mains[0].url, `/executions/${child.id}`)).body.data;
    expect(childRecord.parentExecutionId).toBe(parent.id);
    const resume = new URL(childRecord.resumeUrl as string);
    expect((await call(mains[1].url, `${resume.pathname}${resume.search}`, { method: 'POST', body: JSON.stringify({ who: 'approver' }) })).status).toBe(200);
    const ended = await until('the parent to end', async () => {
      const data = (await call(mains[0].url, `/executions/${parent.id}`)).body.data;
      return data.status === 'success' ? data : undefined;
    });
    expect(ended.data.resultData.runData.After[0].data.main[0]).toEqual([{ json: { fromChild: 'approver' }, pairedItem: { item: 0 } }]);
    const childEnded = (await call(mains[0].url, `/executions/${child.id}`)).body.data;
    expect(childEnded.status).toBe('success');
    // Both ran on workers (the parent twice: before and after its wait, on whichever took the job).
    const workerIds = workers.map((worker) => worker.workerId);
    expect(workerIds).toContain(ended.worker);
    expect(workerIds).toContain(childEnded.worker);
    expect((await executionsOf(mains[0].url, 'q-child')).total).toBe(1);
  }, 60_000);

  it('marks a run crashed once when its worker is killed mid-run, starts its error workflow once, and never runs it again', async () => {
    const before = hooks.requests.length;
    for (const release of held.splice(0)) release();
    await call(mains[0].url, '/webhook/q-hold', { method: 'POST', body: '{}' });
    await until('the held call', async () => (hooks.requests.slice(before).some((request) => request.url === '/hold') ? true : undefined));
    const victim = await holderOf(mains[0].url, 'q-hold');
    victim.child.kill('SIGKILL');
    await victim.exited;
    const crashed = await until('the crashed execution', async () => (await executionsOf(mains[1].url, 'q-hold', 'crashed')).rows[0], 60_000);
    const reports = await until('the error workflow report', async () => {
      const found = hooks.requests.filter((request) => request.url === '/error');
      return found.length > 0 ? found : undefined;
    });
    expect(reports.map((report) => JSON.parse(report.body))).toEqual([{ failed: crashed.id }]);
    // The other worker takes a new run meanwhile: proof it is alive and past the crash.
    await call(mains[1].url, '/webhook/q-echo', { method: 'POST', body: JSON.stringify({ n: 1 }) });
    expect(hooks.requests.slice(before).filter((request) => request.url === '/hold')).toHaveLength(1);
    expect(hooks.requests.filter((request) => request.url === '/error')).toHaveLength(1);
    expect((await executionsOf(mains[1].url, 'q-hold')).rows).toEqual([expect.objectContaining({ id: crashed.id, status: 'crashed' })]);
    const record = (await call(mains[1].url, `/executions/${crashed.id}`)).body.data;
    expect(record.errorMessage).toMatch(/worker running this execution stopped/);
  }, 120_000);

  it('lets a worker stopped with SIGTERM finish its running run and take no new job', async () => {
    workers.push(keepOutput(await startWorkerProcess(compiled(), env)));
    const alive = workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
    expect(alive).toHaveLength(2);
    const holdsBefore = hooks.requests.filter((request) => request.url === '/hold').length;
    for (const release of held.splice(0)) release();
    await call(mains[0].url, '/webhook/q-hold', { method: 'POST', body: '{}' });
    await until('the held call', async () => (hooks.requests.filter((request) => request.url === '/hold').length > holdsBefore ? true : undefined));
    const stopping = await holderOf(mains[0].url, 'q-hold');
    const other = alive.find((worker) => worker !== stopping);
    stopping.child.kill('SIGTERM');
    // New runs meanwhile go to the other worker only.
    const answer = await call(mains[1].url, '/webhook/q-echo', { method: 'POST', body: JSON.stringify({ n: 7 }) });
    expect(answer.body).toEqual({ n: 7, doubled: 14 });
    expect(stopping.child.exitCode).toBeNull();
    for (const release of held.splice(0)) release();
    expect(await stopping.exited).toBe(0);
    const ended = await until('the held run to end', async () => {
      const rows = (await executionsOf(mains[0].url, 'q-hold', 'success')).rows;
      return rows.length === 1 ? rows[0] : undefined;
    });
    expect(ended.status).toBe('success');
    expect(other?.child.exitCode).toBeNull();
  }, 120_000);
  it('answers new runs with 503 and Retry-After while the queue is unreachable, and runs them again once it is back', async () => {
    const outage = await server.outage();
    try {
      const refused = await until('a 503 from a main', async () => {
        const response = await fetch(`${mains[0].url}/webhook/q-echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 3 }) });
        return response.status === 503 ? response : undefined;
      });
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({ success: false, error: { code: 'unavailable', message: expect.stringMatching(/execution queue.*unreachable/) } });
    } finally {
      await outage.back();
    }
    // Mains and workers reconnect by themselves (backoff up to 10 s).
    const answer = await until('a run once the queue is back', async () => {
      const response = await call(mains[1].url, '/webhook/q-echo', { method: 'POST', body: JSON.stringify({ n: 4 }) });
      return response.status === 200 ? response : undefined;
    }, 90_000);
    expect(answer.body).toEqual({ n: 4, doubled: 8 });
  }, 150_000);
});
