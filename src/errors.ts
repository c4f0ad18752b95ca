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
  /** What the caller can do about it (n8n's `hint`, e.g. how to register a test webhook). */
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message, 'not_found');
    if (hint !== undefined) this.hint = hint;
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

/**
 * A sub-node (chat model, tool, memory, parser) failed while its root node ran. Stored on the
 * root's run with `node` naming the sub-node, as n8n does (`Error in sub-node <name>`).
 */
export class SubNodeError extends NodeOperationError {
  constructor(
    readonly subNode: { name: string; type: string; typeVersion: number; id: string },
    message: string,
    options: { description?: string; itemIndex?: number; cause?: unknown } = {},
  ) {
    super(subNode.name, message, options);
    this.name = 'NodeOperationError';
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

/** Why a credential could not be handed to a node. */
export type CredentialProblem = 'not_set' | 'not_found' | 'ambiguous' | 'wrong_type' | 'undecryptable' | 'no_store' | 'invalid';

/** Which credential a message is about: type and the reference's id/name, never a value. */
export interface CredentialLabel {
  type: string;
  id?: string;
  name?: string;
}

/**
 * A credential could not be found, decrypted or used. The message names the credential
 * (`Credentials "Shop API" cannot be decrypted: ...`) and never holds a secret.
 */
export class CredentialError extends AutomatorError {
  constructor(
    message: string,
    readonly problem: CredentialProblem,
    readonly credential: CredentialLabel,
  ) {
    super(message, problem === 'not_found' ? 'not_found' : problem === 'invalid' ? 'bad_request' : 'internal');
  }
}

/**
 * A node could not get its credentials. Fails that node only (its error settings apply);
 * the message is the credential's, the description names workflow, node and credential.
 */
export class NodeCredentialsError extends NodeOperationError {
  readonly problem: CredentialProblem;
  readonly credential: CredentialLabel;
  readonly workflowName: string;
  constructor(workflowName: string, nodeName: string, cause: CredentialError, itemIndex?: number) {
    const { type, id, name } = cause.credential;
    const which = name !== undefined ? `"${name}"` : id !== undefined ? `with id "${id}"` : '';
    super(nodeName, cause.message, {
      description: `Node "${nodeName}" of workflow "${workflowName}" uses credentials ${which}${which ? ' ' : ''}of type "${type}"${id !== undefined && name !== undefined ? ` (id "${id}")` : ''}`,
      itemIndex,
    });
    this.problem = cause.problem;
    this.credential = cause.credential;
    this.workflowName = workflowName;
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
