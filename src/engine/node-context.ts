import { ExpressionError } from '../errors';
import type { JsonObject, JsonValue } from '../workflow/json';
import type { Workflow, WorkflowNode } from '../workflow/types';
import { isExpressionFailure, type ExpressionSession, type NodeScope, type ResolvedParameters } from '../expressions/types';
import type { ExecutionCustomData, NodeContext } from '../contracts/node-type';
import type { NodeServices, ResumePayload } from '../contracts/node-services';
import { loadNodeCredentials, updateNodeCredentials, type NodeCredentialsScope } from '../nodes/credentials';
import { readPath } from './param-path';
import type { ExecutionMode, Item, TaskMetadata, TaskSource } from '../contracts/run-data';
import type { AiConnectionType, AiSupplyMap } from '../contracts/ai';
import type { SubNodeSupplier } from './sub-nodes';

export interface NodeContextInput {
  workflow: Workflow;
  node: WorkflowNode;
  executionId: string;
  mode: ExecutionMode;
  runIndex: number;
  inputs: Item[][];
  /**
   * What expressions see as the input, when it differs from what the node gets: with
   * executeOnce n8n hands the node the first item only, but `$input.all()` still lists all.
   */
  expressionInputs?: Item[][];
  source: TaskSource | null;
  session: ExpressionSession;
  signal: AbortSignal;
  services: NodeServices;
  nodeState: JsonObject;
  staticData: JsonObject;
  timezone: string;
  customData: ExecutionCustomData;
  resumedWith?: ResumePayload;
  /** Supplies this node's sub-nodes' objects; absent: the node has none ([]). */
  supplier?: SubNodeSupplier;
  /** Gives the node a fresh executionIndex (see NodeContext.beginRound). */
  takeExecutionIndex?: () => void;
  /** This run's task metadata, filled by `addTokenUsage`. */
  taskMetadata?: TaskMetadata;
}

/** Finds the first failed expression inside a resolved value (a node may read a subtree). */
function findFailure(value: unknown, path: string): { failure: { message: string; description?: string; expression: string }; path: string } | undefined {
  if (isExpressionFailure(value)) return { failure: value, path };
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findFailure(child, path === '' ? key : `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function hasExpression(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return value.startsWith('=');
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((child) => hasExpression(child));
}

/** What the engine holds for one node run: the node's context, and how to ready its parameters. */
export interface EngineNodeContext extends NodeContext {
  /**
   * Resolves the node's parameters for all its items in one call off the service thread, so
   * that `getParam` then only reads; without it, the first `getParam` resolves synchronously.
   */
  prepareParameters(): Promise<void>;
}

/** The NodeContext the engine hands to a node for one run. */
export function createNodeContext(input: NodeContextInput): EngineNodeContext {
  const scope: NodeScope = { node: input.node, runIndex: input.runIndex, inputs: input.expressionInputs ?? input.inputs, source: input.source };
  const parameters = input.node.parameters;
  // Parameters without expressions (the common case for many nodes) never touch the sandbox.
  const needsSandbox = hasExpression(parameters);
  let resolved: ResolvedParameters | undefined;
  const itemCount = Math.max(input.inputs[0]?.length ?? 0, 1);
  const resolvedFor = (itemIndex: number): JsonObject => {
    if (!needsSandbox) return parameters;
    resolved ??= input.session.resolveParameters(scope, itemCount);
    return resolved.forItem(itemIndex);
  };
  const evaluate = (value: JsonValue, itemIndex: number): JsonValue | undefined => input.session.evaluate(scope, value, itemIndex);
  // A credential field whose expression gives undefined is stored as null.
  const credentialScope: NodeCredentialsScope = {
    workflow: input.workflow,
    node: input.node,
    services: input.services,
    evaluate: (value, itemIndex) => evaluate(value, itemIndex) ?? null,
  };
  return {
    async prepareParameters(): Promise<void> {
      if (!needsSandbox || resolved || !input.session.prepareParameters) return;
      resolved = await input.session.prepareParameters(scope, itemCount);
    },
    node: input.node,
    workflow: input.workflow,
    executionId: input.executionId,
    mode: input.mode,
    runIndex: input.runIndex,
    signal: input.signal,
    inputs: input.inputs,
    timezone: input.timezone,
    source: input.source,
    nodeState: input.nodeState,
    staticData: input.staticData,
    customData: input.customData,
    services: input.services,
    resumedWith: input.resumedWith,
    getInputItems: (index = 0) => input.inputs[index] ?? [],
    getParam<T extends JsonValue | undefined = JsonValue>(path: string, itemIndex: number, fallback?: T): T {
      const value = readPath(resolvedFor(itemIndex), path);
      if (value === undefined) return fallback as T;
      // Walking every read value for failure markers is the hot path's biggest cost: skip it
      // when the sandbox says this item's parameters resolved cleanly.
      if (!needsSandbox || resolved?.hasFailure?.(itemIndex) === false) return value as T;
      const failed = findFailure(value, path);
      if (failed) {
        throw new ExpressionError(input.node.name, failed.path, failed.failure.message, {
          description: failed.failure.description,
          itemIndex,
          expression: failed.failure.expression,
        });
      }
      return value as T;
    },
    getRawParam: (path: string) => readPath(parameters, path),
    evaluate,
    getCredentials: <T extends object = JsonObject>(type: string, itemIndex?: number) => loadNodeCredentials(credentialScope, type, itemIndex) as Promise<T>,
    updateCredentials: (type: string, data: JsonObject) => updateNodeCredentials(credentialScope, type, data),
    // Code sees the items the node got (one with executeOnce), as n8n's runner loops over them.
    runCode: (request) => input.session.runCode({ ...scope, inputs: input.inputs }, request),
    continueOnFail: () => input.node.onError !== 'stopWorkflow',
    getInputConnectionData: <T extends AiConnectionType>(type: T, itemIndex: number): Promise<Array<AiSupplyMap[T]>> =>
      input.supplier ? input.supplier(type, itemIndex) : Promise.resolve([]),
    beginRound: () => input.takeExecutionIndex?.(),
    addTokenUsage: (inputTokens: number, outputTokens: number) => {
      const metadata = input.taskMetadata;
      if (!metadata) return;
      const previous = metadata.tokenUsage;
      metadata.tokenUsage = { inputTokens: (previous?.inputTokens ?? 0) + inputTokens, outputTokens: (previous?.outputTokens ?? 0) + outputTokens };
    },
  };
}
