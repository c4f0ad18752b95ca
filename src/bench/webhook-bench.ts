import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, startBenchService, waitFor, type BenchServiceOptions } from './bench-service';
import { percentile } from './measure';

export interface WebhookBenchResult {
  requests: number;
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failedRequests: number;
  /** Executions of the bench workflow in the store afterwards: must equal `requests`. */
  storedExecutions: number;
  storedSuccessful: number;
  /** The service process' peak RSS (VmHWM). */
  servicePeakRssMb: number;
  /** CPU per call: the whole service process, and its main (HTTP) thread alone. */
  cpuMsPerCall: number;
  serviceThreadCpuMsPerCall: number;
}

export interface WebhookBenchOptions extends BenchServiceOptions {
  requests?: number;
  concurrency?: number;
  /** Calls made (and stored) before the measured ones, so the figures are the warm steady state. */
  warmup?: number;
  /** Another workflow than the standard bench one: its file, canvas id and webhook path. */
  workflow?: BenchWorkflow;
}

export interface BenchWorkflow {
  file: string;
  json: string;
  canvasId: string;
  path: string;
}

const BENCH_WORKFLOW_FILE = path.resolve(__dirname, '../../examples/bench-webhook.json');
const BENCH_CANVAS = 'benchWebhook0001';

/**
 * The real service in its own process (as n8n was measured), on a free port with a
 * temporary DATA_DIR, called `requests` times by `concurrency` keep-alive clients on the
 * standard webhook workflow; then the store must hold exactly one execution per call.
 */
export async function runWebhookBench(options: WebhookBenchOptions = {}): Promise<WebhookBenchResult> {
  const requests = options.requests ?? 2000;
  const concurrency = options.concurrency ?? 50;
  const workflow = options.workflow ?? { file: 'bench-webhook.json', json: fs.readFileSync(BENCH_WORKFLOW_FILE, 'utf8'), canvasId: BENCH_CANVAS, path: 'bench' };
  const service = await startBenchService([workflow], options);
  const { port } = service;
  const auth = { authorization: `Bearer ${service.apiKey}` };
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const activated = await call(agent, port, 'POST', `/canvas/${workflow.canvasId}/activate`, '{}', auth);
    if (activated.status !== 200) throw new Error(`bench: activation failed: ${activated.body}`);
    // The clients' connections are opened first (as a load tool's are), so the figures are
    // the steady state rather than a flood of TCP handshakes against a busy event loop.
    await Promise.all(Array.from({ length: concurrency }, () => call(agent, port, 'GET', '/healthz')));
    const warmup = options.warmup ?? 0;
    const latencies: number[] = [];
    let failedRequests = 0;
    let next = 0;
    const load = (until: number, measured: boolean) =>
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < until) {
            const index = next;
            next += 1;
            const body = JSON.stringify({ name: `user${index}`, value: index % 10 });
            const sent = performance.now();
            const reply = await call(agent, port, 'POST', `/webhook/${workflow.path}`, body).catch(() => ({ status: 0, body: '' }));
            if (measured) latencies.push(performance.now() - sent);
            if (reply.status !== 200) failedRequests += 1;
          }
        }),
      );
    await load(warmup, false);
    const cpuBefore = service.cpuMs();
    const started = performance.now();
    await load(warmup + requests, true);
    const seconds = (performance.now() - started) / 1000;
    const count = async (status?: string) => {
      const reply = await call(agent, port, 'GET', `/canvas/${workflow.canvasId}/executions?limit=1${status ? `&status=${status}` : ''}`, undefined, auth);
      return (JSON.parse(reply.body) as { total: number }).total - warmup;
    };
    // Respond to Webhook answers before the run ends and is saved: wait for the last saves.
    await waitFor(async () => (await count('success')) >= requests - failedRequests, 30_000, 'saving every execution').catch(() => undefined);
    // After the saves: in queue mode a worker still stores the run after the main has answered.
    const cpuAfter = service.cpuMs();
    const storedExecutions = await count();
    const storedSuccessful = await count('success');
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      requests,
      concurrency,
      seconds,
      requestsPerSecond: requests / seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      failedRequests,
      storedExecutions,
      storedSuccessful,
      servicePeakRssMb: service.peakRssMb(),
      cpuMsPerCall: (cpuAfter.process - cpuBefore.process) / requests,
      serviceThreadCpuMsPerCall: (cpuAfter.serviceThread - cpuBefore.serviceThread) / requests,
    };
  } finally {
    agent.destroy();
    await service.stop();
  }
}
