import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, freePort } from './bench-service';

export interface StartupFigures {
  /** From spawning `node dist/main.js` to the first 200 on POST /webhook/echo. */
  firstReplyMs: number;
  /** CPU the service process had used by then (user + system): hardly depends on the machine's load. */
  cpuMsAtFirstReply: number;
  /** RSS after the first call and `idleSeconds` of idling. */
  idleRssMb: number;
  /** Spawn to exit of `node -e 0` just before: what starting Node alone costs on this machine now. */
  bareNodeMs: number;
}

const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');
const POLL_MS = 5;
const GIVE_UP_MS = 60_000;

/** Linux's USER_HZ: /proc times count in hundredths of a second. */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMbOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  await exited(spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }));
  return performance.now() - started;
}

/**
 * Starts the service as a user does (`node dist/main.js`, embedded mode, the examples
 * folder, a fresh DATA_DIR), calls POST /webhook/echo every 5 ms until it answers 200, then
 * lets it idle and reads its RSS.
 */
export async function runStartupBench(options: { idleSeconds?: number; mainScript?: string } = {}): Promise<StartupFigures> {
  const idleSeconds = options.idleSeconds ?? 10;
  const bare = await bareNodeMs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const port = await freePort();
  const agent = new http.Agent({ keepAlive: false });
  const started = performance.now();
  const child = spawn(process.execPath, [options.mainScript ?? path.resolve(__dirname, '../main.js')], {
    env: { ...process.env, ODOO_URL: '', DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: EXAMPLES_DIR, SIDECAR_API_KEY: 'bench-startup-key', CREDENTIALS_KEY: 'b'.repeat(64), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let firstReplyMs = Number.NaN;
    let cpuMsAtFirstReply = Number.NaN;
    while (performance.now() - started < GIVE_UP_MS && child.exitCode === null) {
      const reply = await call(agent, port, 'POST', '/webhook/echo', '{"name":"bench"}').catch(() => undefined);
      if (reply?.status === 200) {
        firstReplyMs = performance.now() - started;
        cpuMsAtFirstReply = cpuMsOf(child.pid as number);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (Number.isNaN(firstReplyMs)) throw new Error('bench: the service never answered POST /webhook/echo with 200');
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return { firstReplyMs, cpuMsAtFirstReply, idleRssMb: rssMbOf(child.pid as number), bareNodeMs: bare };
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await exited(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
