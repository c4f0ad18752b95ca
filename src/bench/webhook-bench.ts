import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
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
}

export interface WebhookBenchOptions {
  requests?: number;
  concurrency?: number;
  /** The compiled service entry point; dist/main.js beside this file by default. */
  mainScript?: string;
}

const BENCH_WORKFLOW_FILE = path.resolve(__dirname, '../../examples/bench-webhook.json');
const BENCH_CANVAS = 'benchWebhook0001';

/** A port the system just gave out as free (PORT must be 1-65535, so 0 cannot be passed on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  body: string;
}

function call(agent: http.Agent, port: number, method: string, urlPath: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`bench: ${what} did not happen within ${timeoutMs} ms`);
}

function peakRssMb(child: ChildProcess): number {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The real service in its own process (as n8n was measured), on a free port with a
 * temporary DATA_DIR, called `requests` times by `concurrency` keep-alive clients on the
 * standard webhook workflow; then the store must hold exactly one execution per call.
 */
export async function runWebhookBench(options: WebhookBenchOptions = {}): Promise<WebhookBenchResult> {
  const requests = options.requests ?? 2000;
  const concurrency = options.concurrency ?? 50;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webhook-'));
  const workflowsDir = path.join(dir, 'workflows');
  fs.mkdirSync(workflowsDir);
  fs.copyFileSync(BENCH_WORKFLOW_FILE, path.join(workflowsDir, 'bench-webhook.json'));
  const port = await freePort();
  const apiKey = randomBytes(16).toString('hex');
  const auth = { authorization: `Bearer ${apiKey}` };
  const child = spawn(process.execPath, [options.mainScript ?? path.resolve(__dirname, '../main.js')], {
    env: { ...process.env, ODOO_URL: '', DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: apiKey, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await waitFor(async () => (await call(agent, port, 'GET', '/healthz')).status === 200, 20_000, 'service start');
    const activated = await call(agent, port, 'POST', `/canvas/${BENCH_CANVAS}/activate`, '{}', auth);
    if (activated.status !== 200) throw new Error(`bench: activation failed: ${activated.body}`);
    // The clients' connections are opened first (as a load tool's are), so the figures are
    // the steady state rather than a flood of TCP handshakes against a busy event loop.
    await Promise.all(Array.from({ length: concurrency }, () => call(agent, port, 'GET', '/healthz')));
    const latencies: number[] = [];
    let failedRequests = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const index = next;
          next += 1;
          const body = JSON.stringify({ name: `user${index}`, value: index % 10 });
          const sent = performance.now();
          const reply = await call(agent, port, 'POST', '/webhook/bench', body).catch(() => ({ status: 0, body: '' }));
          latencies.push(performance.now() - sent);
          if (reply.status !== 200) failedRequests += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const count = async (status?: string) => {
      const reply = await call(agent, port, 'GET', `/canvas/${BENCH_CANVAS}/executions?limit=1${status ? `&status=${status}` : ''}`, undefined, auth);
      return (JSON.parse(reply.body) as { total: number }).total;
    };
    // Respond to Webhook answers before the run ends and is saved: wait for the last saves.
    await waitFor(async () => (await count('success')) >= requests - failedRequests, 30_000, 'saving every execution').catch(() => undefined);
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
      servicePeakRssMb: peakRssMb(child),
    };
  } finally {
    agent.destroy();
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
