import { SandboxLimitError } from '../errors';

/** A sandbox call ran past its time limit. The isolate survives; only that call fails. */
export class SandboxTimeoutError extends SandboxLimitError {
  constructor(readonly timeoutMs: number) {
    super(`Sandbox call timed out after ${timeoutMs} ms`, 'time');
  }
}

/** A sandbox call hit the isolate's memory limit; the isolate was disposed and is recreated for later calls. */
export class SandboxMemoryError extends SandboxLimitError {
  constructor(readonly memoryMb: number) {
    super(`Sandbox isolate exceeded its memory limit of ${memoryMb} MB`, 'memory');
  }
}

/** A sandbox limit hit while running a node's expressions or code; names the node. */
export class NodeSandboxLimitError extends SandboxLimitError {
  constructor(
    readonly nodeName: string,
    message: string,
    limit: 'time' | 'memory',
    readonly description?: string,
  ) {
    super(message, limit);
  }
}
