/**
 * One error base for the whole service. `code` is the API error code the HTTP layer maps
 * to a status; everything else carries enough context (workflow, node, field) to be acted
 * on from its message alone.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export class AutomatorError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'internal', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A workflow that cannot be run: bad JSON, unknown node type, broken connection... */
export class WorkflowValidationError extends AutomatorError {
  constructor(
    message: string,
    readonly details: { workflow?: string; node?: string; field?: string } = {},
  ) {
    super(message, 'bad_request');
  }
}

export class NotFoundError extends AutomatorError {
  constructor(message: string) {
    super(message, 'not_found');
  }
}

export class ConflictError extends AutomatorError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

export class BadRequestError extends AutomatorError {
  constructor(message: string) {
    super(message, 'bad_request');
  }
}

export class UnauthorizedError extends AutomatorError {
  constructor(message = 'Missing or invalid API key') {
    super(message, 'unauthorized');
  }
}

export class UnavailableError extends AutomatorError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, 'unavailable');
  }
}

/** A failure inside a node run. `node` names the node; `description` adds detail. */
export class NodeOperationError extends AutomatorError {
  readonly nodeName: string;
  readonly description?: string;
  readonly itemIndex?: number;
  constructor(
    nodeName: string,
    message: string,
    options: { description?: string; itemIndex?: number; cause?: unknown } = {},
  ) {
    super(message, 'internal', { cause: options.cause });
    this.nodeName = nodeName;
    this.description = options.description;
    this.itemIndex = options.itemIndex;
  }
}

/** An expression failed; names the node, the parameter and the expression. */
export class ExpressionError extends NodeOperationError {
  constructor(
    nodeName: string,
    readonly parameter: string,
    message: string,
    options: { description?: string; itemIndex?: number; expression?: string } = {},
  ) {
    super(nodeName, message, options);
  }
}

/** User code in a Code node threw or misbehaved. */
export class CodeExecutionError extends NodeOperationError {}

/** The sandbox stopped user code: time or memory limit. */
export class SandboxLimitError extends AutomatorError {
  constructor(
    message: string,
    readonly limit: 'time' | 'memory',
  ) {
    super(message, 'internal');
  }
}

export class ExecutionCancelledError extends AutomatorError {
  constructor(message = 'The execution was cancelled') {
    super(message, 'conflict');
  }
}

export class ExecutionTimeoutError extends ExecutionCancelledError {
  constructor(seconds: number) {
    super(`The execution was cancelled because it timed out after ${seconds} seconds`);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Errors from another realm (a VM context, jest's sandbox) fail instanceof but keep a message.
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
