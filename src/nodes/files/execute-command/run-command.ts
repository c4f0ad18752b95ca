import { spawn } from 'node:child_process';
import { ExecutionCancelledError } from '../../../errors';

const SIGKILL_GRACE_MS = 5000;
/** n8n keeps the last 10 MiB of each stream. */
const MAX_OUTPUT_SIZE = 10 * 1024 * 1024;

export interface CommandResult {
  error?: Error;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * n8n's execPromise: the command in a shell, in its own process group so a cancelled run
 * kills the whole tree (TERM, then KILL after 5 s); a non-zero exit is an error carrying stderr.
 */
export function runCommand(command: string, signal: AbortSignal, cwd: string): Promise<CommandResult> {
  const result: CommandResult = { exitCode: 0, stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ExecutionCancelledError());
      return;
    }
    const child = spawn(command, { cwd, shell: true, detached: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (data: string) => (result.stdout = (result.stdout + data).slice(-MAX_OUTPUT_SIZE)));
    child.stderr.on('data', (data: string) => (result.stderr = (result.stderr + data).slice(-MAX_OUTPUT_SIZE)));
    child.on('error', (error) => {
      result.error = error;
      resolve(result);
    });
    child.on('close', (code) => {
      result.stdout = result.stdout.trim();
      result.stderr = result.stderr.trim();
      result.exitCode = code ?? 0;
      if (code) result.error = new Error(result.stderr || `Command failed with exit code ${code}`);
      resolve(result);
    });
    const kill = (name: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, name);
        else child.kill(name);
      } catch {
        child.kill(name);
      }
    };
    const onAbort = () => {
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), SIGKILL_GRACE_MS);
      child.once('close', () => clearTimeout(timer));
      reject(new ExecutionCancelledError());
    };
    child.once('close', () => signal.removeEventListener('abort', onAbort));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
