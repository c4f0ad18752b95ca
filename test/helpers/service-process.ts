import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { freePort } from '../../src/bench/bench-service';

const REPO = path.resolve(__dirname, '../..');

/**
 * Transpiles `src/` (no type check: that is `npm run typecheck`'s job) into a folder inside
 * the repository, so the output finds `node_modules` and runs as `node <dir>/main.js` would
 * from `dist/`, the current sources included. A few seconds instead of a full `tsc` build.
 * `only`: just these files (paths under src/), for a child that needs a module or two.
 */
export function transpileService(only?: string[]): string {
  const outDir = fs.mkdtempSync(path.join(REPO, '.test-dist-'));
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, resolveJsonModule: true };
  const emit = (source: string): void => {
    const target = path.join(outDir, path.relative(path.join(REPO, 'src'), source)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, ts.transpileModule(fs.readFileSync(source, 'utf8'), { compilerOptions: options, fileName: source }).outputText);
  };
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const source = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(source);
      else if (entry.name.endsWith('.ts')) emit(source);
    }
  };
  if (only) for (const file of only) emit(path.join(REPO, 'src', file));
  else walk(path.join(REPO, 'src'));
  return outDir;
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Starts `node <outDir>/main.js` with `env` on a free port and resolves once it says where it
 * listens (its log line carries the URL).
 */
export async function startServiceProcess(outDir: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const started = await spawnUntil(path.join(outDir, 'main.js'), { HOST: '127.0.0.1', PORT: String(port), ...env }, /sidecar listening on (http:\/\/[^\s"]+)/);
  return { ...started, url: started.match.replace(/\)$/, '') };
}

/**
 * Starts `node <outDir>/worker.js` (queue mode) with `env` and resolves once it says it takes
 * jobs; its worker id comes from that line.
 */
export async function startWorkerProcess(outDir: string, env: Record<string, string>): Promise<ServiceProcess & { workerId: string }> {
  const started = await spawnUntil(path.join(outDir, 'worker.js'), env, /worker (worker-[0-9a-f-]+) taking jobs/);
  return { ...started, url: '', workerId: started.match };
}

/** Spawns `node script` and resolves once its output matches `ready` (with the first group). */
function spawnUntil(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; exited: ServiceProcess['exited']; match: string }> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, exited, match: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => reject(new Error(`${path.basename(script)} exited (${String(how)}) before it was ready:\n${output}`)));
  });
}

