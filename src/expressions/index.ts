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
}

/**
 * Expressions and Code-node JavaScript run in one isolated-vm isolate shared by all
 * executions (created lazily, recreated after a memory-limit failure). Its intrinsics are
 * frozen before any user code runs, so executions cannot influence each other; each
 * session only reaches its own execution's data.
 */
export function createExpressionEngine(options: ExpressionEngineOptions): ExpressionEngine {
  const runtime = new SandboxRuntime(options);
  let disposed = false;
  return {
    openSession(scope: ExecutionScope): ExpressionSession {
      if (disposed) throw new Error('The expression engine was disposed');
      return new SandboxSession(runtime, runtime.openSession(scope));
    },
    dispose(): void {
      disposed = true;
      runtime.dispose();
    },
  };
}

export { isExpressionFailure } from './types';
export type { ConsoleMessage };
export type * from './types';
