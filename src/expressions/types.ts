import type { JsonObject, JsonValue } from '../workflow/json';
import type { Workflow, WorkflowNode } from '../workflow/types';
import type { ExecutionMode, Item, RunExecutionData, TaskSource } from '../contracts/run-data';
import type { CodeRequest, CodeResult } from '../contracts/code';
/** @deprecated Moved to src/contracts/code.ts; this re-export goes at the end of the session. */
export type { CodeMode, CodeRequest, CodeResult } from '../contracts/code';

/** What every evaluation inside one execution may see. The engine owns `runExecutionData`
 * and only appends to it; finished tasks never change, so a session may cache them. */
export interface ExecutionScope {
  workflow: Workflow;
  executionId: string;
  mode: ExecutionMode;
  runExecutionData: RunExecutionData;
  /** Values of `$vars`. */
  vars: JsonObject;
  /** Values of `$env`: only what ENV_ALLOWLIST lets through. */
  env: JsonObject;
  /** IANA zone for `$now`/`$today` (workflow setting, else GENERIC_TIMEZONE). */
  timezone: string;
  resumeUrl?: string;
}

/** The node run an evaluation belongs to. */
export interface NodeScope {
  node: WorkflowNode;
  runIndex: number;
  /** Input items per input index (`null` inputs given as []). */
  inputs: Item[][];
  source: TaskSource | null;
}

/** Stands in the resolved parameter tree where an expression failed; the node throws it
 * only if it reads that parameter, as n8n only fails on parameters a node uses. */
export interface ExpressionFailure {
  __expressionError: true;
  message: string;
  description?: string;
  /** The expression text that failed. */
  expression: string;
}

export function isExpressionFailure(value: unknown): value is ExpressionFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { __expressionError?: unknown }).__expressionError === true
  );
}

/** Parameters resolved for every item of a node run (one sandbox call for all items). */
export interface ResolvedParameters {
  /** The node's parameters with every expression evaluated for `itemIndex`. */
  forItem(itemIndex: number): JsonObject;
  /**
   * Whether any expression failed for `itemIndex` (false: no ExpressionFailure anywhere in
   * forItem's tree, so callers may skip looking for one). Optional for other implementations.
   */
  hasFailure?(itemIndex: number): boolean;
}

/** One execution's window into the sandbox. Not shared between executions. */
export interface ExpressionSession {
  /** Resolves on the service thread; kept for nodes that read items beyond those prepared. */
  resolveParameters(scope: NodeScope, itemCount: number): ResolvedParameters;
  /**
   * The same as resolveParameters, evaluated off the service thread: the engine awaits it
   * before a node runs, so a heavy expression never holds other executions.
   */
  prepareParameters?(scope: NodeScope, itemCount: number): Promise<ResolvedParameters>;
  /** Evaluates one parameter value (a string starting with `=`, or a plain value). */
  evaluate(scope: NodeScope, value: JsonValue, itemIndex: number): JsonValue | undefined;
  runCode(scope: NodeScope, request: CodeRequest): Promise<CodeResult>;
  close(): void;
}

/** How Code-node calls use their bound (CODE_CONCURRENCY): for the /metrics gauge. */
export interface CodeCallLoad {
  running: number;
  queued: number;
}

export interface ExpressionEngine {
  openSession(scope: ExecutionScope): ExpressionSession;
  /** Code calls running and waiting for a slot right now (absent: nothing to report). */
  codeCalls?(): CodeCallLoad;
  /** Builds the isolates the first calls will need, so that they do not wait for them. */
  warmUp?(): Promise<void>;
  /** Frees isolates; the engine is unusable afterwards. */
  dispose(): void;
}
