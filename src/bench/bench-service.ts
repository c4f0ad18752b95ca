import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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

export interface Reply {
  status: number;
  body: string;
}

/** One HTTP call to the service on loopback. */
export function call(agent: http.Agent, port: number, method: string, urlPath: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
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

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
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

/** Linux's USER_HZ: /proc times count in hundredths of a second. */
const CLOCK_TICKS = 100;

/** CPU time (user + system) of a process or one of its threads, in ms, from /proc (Linux). */
function cpuMs(statPath: string): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(statPath, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
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

export interface BenchService {
  port: number;
  apiKey: string;
  /** The service process' peak RSS so far (VmHWM). */
  peakRssMb(): number;
  /**
   * CPU time used so far: the whole process (with its queue workers, if any), and its main
   * thread alone (the one that answers HTTP). Unlike requests/s, these hardly depend on what
   * else the machine is doing.
   */
  cpuMs(): { process: number; serviceThread: number };
  /** Stops the process (and its workers) and removes its folders. */
  stop(): Promise<void>;
}

export interface BenchServiceOptions {
  /** The compiled service entry point; dist/main.js beside this file by default. */
  mainScript?: string;
  /** Extra environment of the service (and of its workers). */
  env?: Record<string, string>;
  /** Queue mode (env has EXECUTIONS_MODE=queue and QUEUE_URL): this many `worker.js` processes beside the main. */
  workers?: number;
}

/**
 * The real service in its own process, on a free port, with a temporary DATA_DIR holding
 * `workflows`; in queue mode with `workers` worker processes sharing that DATA_DIR.
 */
export async function startBenchService(workflows: Array<{ file: string; json: string }>, options: BenchServiceOptions = {}): Promise<BenchService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-service-'));
  const workflowsDir = path.join(dir, 'workflows');
  fs.mkdirSync(workflowsDir);
  for (const workflow of workflows) fs.writeFileSync(path.join(workflowsDir, workflow.file), workflow.json);
  const port = await freePort();
  const apiKey = randomBytes(16).toString('hex');
  const env = { ...process.env, ODOO_URL: '', DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: apiKey, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...options.env };
  const mainScript = options.mainScript ?? path.resolve(__dirname, '../main.js');
  const child = spawn(process.execPath, [mainScript], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const workers = Array.from({ length: options.workers ?? 0 }, () =>
    spawn(process.execPath, [path.join(path.dirname(mainScript), 'worker.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  const stop = async (): Promise<void> => {
    await Promise.all([child, ...workers].map(stopChild));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const agent = new http.Agent({ keepAlive: false });
  try {
    await waitFor(async () => (await call(agent, port, 'GET', '/healthz')).status === 200, 60_000, 'service start');
    if (workers.length > 0) {
      // Each worker says it is alive to the queue once it takes jobs.
      const alive = async () => (JSON.parse((await call(agent, port, 'GET', '/queue', undefined, { authorization: `Bearer ${apiKey}` })).body) as { data: { workers: unknown[] } }).data.workers.length;
      await waitFor(async () => (await alive()) >= workers.length, 60_000, `${workers.length} queue workers`);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    agent.destroy();
  }
  const cpu = () => ({
    process: [child, ...workers].reduce((sum, each) => sum + cpuMs(`/proc/${each.pid}/stat`), 0),
    serviceThread: cpuMs(`/proc/${child.pid}/task/${child.pid}/stat`),
  });
  return { port, apiKey, peakRssMb: () => peakRssMb(child), cpuMs: cpu, stop };
}
