import { missingServer, startQueueServer, type TestServer } from './queue-servers';
import { fixed } from './measure';
import { runWebhookBench, type BenchWorkflow, type WebhookBenchResult } from './webhook-bench';

/**
 * Queue mode against regular mode in one run: the standard bench workflow (is the queue hop
 * cheap?) and a CPU-bound workflow (do two workers give about twice one?), on each backend
 * whose server binary is installed. Each line starts its own processes and queue server.
 */
export interface QueueBenchLine {
  label: string;
  workload: 'bench' | 'cpu';
  result: WebhookBenchResult;
}

/**
 * Webhook -> Code (2 million square roots, some tens of ms of CPU) -> answer. With
 * CODE_CONCURRENCY=1 a process runs one such call at a time (on its sandbox thread, so its
 * event loop stays free to renew job leases), so throughput grows with processes.
 */
const CPU_WORKFLOW: BenchWorkflow = {
  file: 'bench-cpu.json',
  canvasId: 'benchCpuBound01',
  path: 'bench-cpu',
  json: JSON.stringify({
    id: 'benchCpuBound01',
    name: 'bench cpu-bound',
    active: false,
    settings: { executionOrder: 'v1' },
    nodes: [
      { id: 'c1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], parameters: { httpMethod: 'POST', path: 'bench-cpu', responseMode: 'lastNode', options: {} } },
      {
        id: 'c2',
        name: 'Burn',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [220, 0],
        parameters: { jsCode: 'let x = 0;\nfor (let i = 0; i < 2e6; i += 1) x += Math.sqrt(i);\nreturn [{ json: { x: Math.round(x) } }];' },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Burn', type: 'main', index: 0 }]] } },
  }),
};

const BENCH_CALLS = { requests: 600, warmup: 60, concurrency: 10 };
const CPU_CALLS = { requests: 80, warmup: 5, concurrency: 10 };

/** What a line runs on: the environment of each fresh service (a fresh queue each time) and its workers. */
type Target = { label: string; env: () => Record<string, string>; workers: number };

async function measure(target: Target, log: (line: string) => void, lines: QueueBenchLine[]): Promise<void> {
  const bench = await runWebhookBench({ ...BENCH_CALLS, env: target.env(), workers: target.workers });
  lines.push({ label: target.label, workload: 'bench', result: bench });
  log(formatLine(target.label, 'bench', bench));
  const cpu = await runWebhookBench({ ...CPU_CALLS, workflow: CPU_WORKFLOW, env: { ...target.env(), CODE_CONCURRENCY: '1' }, workers: target.workers });
  lines.push({ label: target.label, workload: 'cpu', result: cpu });
  log(formatLine(target.label, 'cpu', cpu));
}

function formatLine(label: string, workload: 'bench' | 'cpu', result: WebhookBenchResult): string {
  const exact = result.storedExecutions === result.requests && result.storedSuccessful === result.requests;
  return (
    `  ${label.padEnd(24)} ${workload === 'bench' ? 'bench workflow' : 'CPU-bound     '}: ${fixed(result.requestsPerSecond)} executions/s, ` +
    `p50 ${fixed(result.p50Ms, 1)} ms, p99 ${fixed(result.p99Ms, 1)} ms, CPU ${fixed(result.cpuMsPerCall, 2)} ms per execution (all processes), ` +
    `${result.failedRequests} failed, ${exact ? 'stored exactly once each' : `STORED ${result.storedExecutions} (${result.storedSuccessful} success)`}`
  );
}

/** Regular mode, then queue mode with one and two workers on each backend present. */
export async function runQueueBench(log: (line: string) => void): Promise<QueueBenchLine[]> {
  const lines: QueueBenchLine[] = [];
  log(`Queue mode (${BENCH_CALLS.requests} calls to the bench workflow and ${CPU_CALLS.requests} to a CPU-bound one, ${BENCH_CALLS.concurrency} connections, one main)`);
  await measure({ label: 'regular (one process)', env: () => ({}), workers: 0 }, log, lines);
  for (const backend of ['redis', 'postgres'] as const) {
    const missing = missingServer(backend);
    if (missing) {
      log(`  ${backend}: skipped (${missing})`);
      continue;
    }
    let server: TestServer | undefined;
    try {
      const started = await startQueueServer(backend);
      server = started;
      // Each service has a DATA_DIR of its own, so each gets a queue of its own on the one server.
      let runs = 0;
      const env = () => ({ EXECUTIONS_MODE: 'queue', QUEUE_URL: queueUrl(started.url, backend, (runs += 1)), WORKER_CONCURRENCY: '10' });
      for (const workers of [1, 2]) await measure({ label: `${backend}, ${workers} worker${workers > 1 ? 's' : ''}`, env, workers }, log, lines);
    } finally {
      await server?.stop();
    }
  }
  log(verdicts(lines));
  return lines;
}

/** Each run its own queue on one server: a Redis database number, or a PostgreSQL schema. */
function queueUrl(base: string, backend: 'redis' | 'postgres', run: number): string {
  return backend === 'redis' ? `${base}/${run}` : `${base}?schema=bench_${run}`;
}

function find(lines: QueueBenchLine[], label: string, workload: 'bench' | 'cpu'): WebhookBenchResult | undefined {
  return lines.find((line) => line.label === label && line.workload === workload)?.result;
}

/** The issue's two goals, computed from this run's lines. */
function verdicts(lines: QueueBenchLine[]): string {
  const regular = find(lines, 'regular (one process)', 'bench');
  const out: string[] = [];
  for (const backend of ['redis', 'postgres']) {
    const one = find(lines, `${backend}, 1 worker`, 'bench');
    const cpuOne = find(lines, `${backend}, 1 worker`, 'cpu');
    const cpuTwo = find(lines, `${backend}, 2 workers`, 'cpu');
    if (!regular || !one || !cpuOne || !cpuTwo) continue;
    const hop = one.p99Ms - regular.p99Ms;
    const scale = cpuTwo.requestsPerSecond / cpuOne.requestsPerSecond;
    out.push(
      `  ${backend}: the queue hop adds ${fixed(hop, 1)} ms at p99 (${fixed(one.p50Ms - regular.p50Ms, 1)} ms at p50)${backend === 'redis' ? (hop <= 10 ? ' (meets <= 10 ms)' : ' (MISSES <= 10 ms)') : ''}; ` +
        `two workers give ${fixed(scale, 2)}x one worker on the CPU-bound workflow${scale >= 1.6 ? ' (meets >= 1.6x)' : ' (MISSES >= 1.6x)'}`,
    );
  }
  return out.join('\n');
}
