import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './bench-service';

/**
 * Real Redis and PostgreSQL servers for tests and the bench: each on a free loopback port with
 * its data in a temporary folder, stopped (and the folder removed) by `stop()`. CI installs Debian's
 * `redis-server` and `postgresql` (.ci/run); PostgreSQL refuses to run as root, so as root
 * its commands run as the `postgres` user.
 */
export interface TestServer {
  /** redis://127.0.0.1:PORT or postgres://USER@127.0.0.1:PORT/postgres */
  url: string;
  stop(): Promise<void>;
  /** Stops the server as a crash or an outage would (data folder kept); `back()` starts it again on the same port. */
  outage(): Promise<{ back(): Promise<void> }>;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir !== '' && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Debian puts PostgreSQL's server binaries under /usr/lib/postgresql/<major>/bin, off PATH. */
function postgresBin(name: string): string | undefined {
  const found = onPath(name);
  if (found) return found;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const majors = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const candidate = path.join(base, major, 'bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Why a backend cannot be started here, or undefined when it can. */
export function missingServer(kind: 'redis' | 'postgres'): string | undefined {
  if (kind === 'redis') return onPath('redis-server') ? undefined : 'redis-server is not installed (apt-get install redis-server)';
  return postgresBin('postgres') && postgresBin('initdb') ? undefined : 'PostgreSQL server binaries are not installed (apt-get install postgresql)';
}

function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`server exited (${String(code)}) before listening:\n${output()}`));
    });
    const attempt = () => {
      if (exited) return;
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`server did not listen on ${port} within ${timeoutMs} ms:\n${output()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

function capture(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

export async function startRedis(): Promise<TestServer> {
  const binary = onPath('redis-server');
  if (!binary) throw new Error(missingServer('redis'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-redis-'));
  const port = await freePort();
  const launch = async () => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForPort(port, child, capture(child));
    return child;
  };
  let child = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopChild(child, 'SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async outage() {
      // Without persistence (as started) a restarted Redis is empty, as after a crash.
      await stopChild(child, 'SIGKILL');
      return {
        back: async () => {
          child = await launch();
        },
      };
    },
  };
}

/** The port opens before PostgreSQL takes queries ("the database system is starting up"). */
async function waitForQueries(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Runs PostgreSQL's commands as `postgres` when we are root (it refuses root). */
function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

export async function startPostgres(): Promise<TestServer> {
  const initdb = postgresBin('initdb');
  const postgres = postgresBin('postgres');
  if (!initdb || !postgres) throw new Error(missingServer('postgres'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-pg-'));
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['postgres:', dir]);
  const user = root ? 'postgres' : os.userInfo().username;
  const dataDir = path.join(dir, 'data');
  const init = asServerUser(initdb, ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(init.command, init.args, { stdio: 'pipe' });
  const port = await freePort();
  const launch = async () => {
    const run = asServerUser(postgres, ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']);
    const child = spawn(run.command, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForPort(port, child, capture(child));
    await waitForQueries(`postgres://${user}@127.0.0.1:${port}/postgres`);
    return child;
  };
  // Signal the postmaster itself (runuser need not pass signals on); SIGQUIT: immediate shutdown.
  const halt = async (child: ChildProcess) => {
    const pidFile = path.join(dataDir, 'postmaster.pid');
    const pidLine = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').split('\n')[0] : '';
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    if (/^\d+$/.test(pidLine)) {
      try {
        process.kill(Number(pidLine), 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await stopChild(child, 'SIGKILL');
  };
  let child = await launch();
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    async stop() {
      await halt(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async outage() {
      await halt(child);
      return {
        back: async () => {
          child = await launch();
        },
      };
    },
  };
}

export function startQueueServer(kind: 'redis' | 'postgres'): Promise<TestServer> {
  return kind === 'redis' ? startRedis() : startPostgres();
}
