import { SandboxRuntime, type ConsoleMessage } from './sandbox-runtime';
import { SandboxSession } from './session';
import type { ExecutionScope, ExpressionEngine, ExpressionSession } from './types';

export interface ExpressionEngineOptions {
  /** Limit of one sandbox call (all items of a node run's expressions, or a whole Code run). */
  timeoutMs: number;
  /** Memory limit of the sandbox isolate. */
  memoryMb: number;
  /** Receives Code-node console output; dropped when absent. */
  onConsole?: (entry: ConsoleMessage) => void;
  /** Code-node calls running at once (CODE_CONCURRENCY); default: the machine's cores. */
  codeConcurrency?: number;
  /** false: user code runs on the service thread, as before (only to compare in the bench). */
  offThread?: boolean;
}

/**
 * Expressions and Code-node JavaScript run in isolated-vm isolates shared by all executions,
 * called asynchronously so that they run on isolated-vm's threads, never on the service
 * thread: a small pool of isolates (created on demand, recreated after a memory-limit
 * failure), each running one call at a time, and Code calls bounded by `codeConcurrency`.
 * Every isolate's intrinsics are frozen before any user code runs, so executions cannot
 * influence each other; each session only reaches its own execution's data.
 */
export function createExpressionEngine(options: ExpressionEngineOptions): ExpressionEngine {
  const runtime = new SandboxRuntime(options);
  let disposed = false;
  return {
    openSession(scope: ExecutionScope): ExpressionSession {
      if (disposed) throw new Error('The expression engine was disposed');
      return new SandboxSession(runtime, runtime.openSession(scope));
    },
    codeCalls: () => ({ running: runtime.codeSlots.running, queued: runtime.codeSlots.queued }),
    warmUp: () => runtime.warmUp(),
    dispose(): void {
      disposed = true;
      runtime.dispose();
    },
  };
}

export { isExpressionFailure } from './types';
export type { ConsoleMessage };
export type * from './types';
