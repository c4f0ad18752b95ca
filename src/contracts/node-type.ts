import type { JsonObject, JsonValue } from '../workflow/json';
import type { Workflow, WorkflowNode } from '../workflow/types';
import type { ExecutionMode, Item, ItemsByIndex, TaskSource } from './run-data';
import type { CodeRequest, CodeResult } from './code';
import type { NodeServices, ResumePayload } from './node-services';
import type { AiConnectionType, AiSupplyMap, SubNodeRun, SuppliedObject } from './ai';

/** What a node sees while it runs. Built by the engine for each node run. */
export interface NodeContext {
  readonly node: WorkflowNode;
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly mode: ExecutionMode;
  readonly runIndex: number;
  /** Aborted on cancel, run timeout or shutdown: long nodes must honour it. */
  readonly signal: AbortSignal;
  /** The run's IANA zone: the workflow's `timezone` setting, else GENERIC_TIMEZONE. */
  readonly timezone: string;
  /** Which parent run fed each input (n8n's ISourceData); null for the start node. */
  readonly source: TaskSource | null;
  /** Items on each input (a missing input is []). */
  readonly inputs: Item[][];
  /** Items on input `index` (default 0). */
  getInputItems(index?: number): Item[];
  /**
   * A parameter with its expressions evaluated for `itemIndex`; `path` is dotted
   * (`options.caseSensitive`, `assignments.assignments`). Returns `fallback` when absent.
   * Throws an ExpressionError naming the node and parameter when an expression failed.
   */
  getParam<T extends JsonValue | undefined = JsonValue>(path: string, itemIndex: number, fallback?: T): T;
  /** The parameter exactly as written in the workflow (no evaluation). */
  getRawParam(path: string): JsonValue | undefined;
  /**
   * Evaluates an ad-hoc value (`=...` expression or plain) for one item; `undefined` when the
   * expression gives undefined (n8n's evaluateExpression, which nodes splice into text as
   * "undefined").
   */
  evaluate(value: JsonValue, itemIndex: number): JsonValue | undefined;
  /** Runs Code-node JavaScript in the sandbox. */
  runCode(request: CodeRequest): Promise<CodeResult>;
  /** True when the node is set to continue on failure (per-item errors become items). */
  continueOnFail(): boolean;
  /**
   * This node's state within this execution (Split In Batches' buffers...). Mutable; the engine
   * keeps it in the run state, so it survives a park and resume.
   */
  readonly nodeState: JsonObject;
  /** Workflow static data (n8n's getWorkflowStaticData('global')). */
  readonly staticData: JsonObject;
  /** The execution's custom data, saved with it (n8n's `this.customData`). */
  readonly customData: ExecutionCustomData;
  readonly services: NodeServices;
  /**
   * The decrypted fields of the credential this node references for `type`
   * (`node.credentials[type] = {id, name}`, found by id, then by name), with the type's
   * defaults filled in and `={{ }}` expressions inside fields resolved for `itemIndex`
   * (default 0), as n8n does. Throws a NodeCredentialsError naming workflow, node and
   * credential (not set, not found, undecryptable...); it fails this node only.
   */
  getCredentials<T extends object = JsonObject>(type: string, itemIndex?: number): Promise<T>;
  /**
   * Saves `data` merged over the stored fields of the credential this node references for
   * `type`, encrypted (OAuth2 tokens after a refresh).
   */
  updateCredentials(type: string, data: JsonObject): Promise<void>;
  /**
   * Set when this run resumes a node that parked and asked to run again on resume
   * (`resumeByRerun`): what ended its wait. Undefined on every ordinary run.
   */
  readonly resumedWith?: ResumePayload;
  /**
   * The objects the enabled sub-nodes connected to this node on `type` supply (n8n's
   * getInputConnectionData), in connection order; [] when none is connected. Each sub-node's
   * `supplyData` runs with parameters evaluated against this node's input item `itemIndex`.
   * A failing sub-node is recorded as an errored run of that sub-node and throws a
   * NodeOperationError `Error in sub-node <name>`.
   */
  getInputConnectionData<T extends AiConnectionType>(type: T, itemIndex: number): Promise<Array<AiSupplyMap[T]>>;
  /**
   * Takes a fresh executionIndex for this node's run: n8n's V3 agent runs again after each
   * round of tool calls, so its task carries the index of its last round, after the tools'.
   */
  beginRound?(): void;
  /**
   * Adds one API call's token counts to this run's `metadata.tokenUsage` (n8n's
   * accumulateTokenUsage), for nodes that call a model themselves (the OpenAI node).
   */
  addTokenUsage?(inputTokens: number, outputTokens: number): void;
}

/** What a sub-node sees while it supplies its object to a root node. */
export interface SupplyContext extends NodeContext {
  /** The root node this sub-node supplies (n8n's parentNode). */
  readonly parentNode: WorkflowNode;
  /** The root node's run index the supplied object serves. */
  readonly parentRunIndex: number;
  readonly connectionType: AiConnectionType;
  /**
   * Opens one recorded run of this sub-node (one model call, one tool call...): `input` becomes
   * `inputOverride[connectionType]`, what `succeed` gets becomes `data[connectionType]`.
   */
  startRun(input: JsonObject): Promise<SubNodeRun>;
  /**
   * A context to run this node's own `execute` in, as n8n runs a node "as a tool": these
   * parameters (the model's `$fromAI` values filled in) and `items` as its only input.
   */
  nodeContextFor?(parameters: JsonObject, items: Item[]): Promise<NodeContext>;
}

/** n8n's execution custom data accessor: string values under short keys, saved with the run. */
export interface ExecutionCustomData {
  set(key: string, value: JsonValue): void;
  setAll(values: JsonObject): void;
  get(key: string): string | undefined;
  getAll(): Record<string, string>;
}

/** Parks the run: the Wait node, or anything else that needs an outside event. */
export interface WaitRequest {
  kind: 'wait';
  /** Resume at this time (also the limit of a webhook wait); absent = wait forever. */
  until?: Date;
  /** Resume when `/webhook-waiting/<executionId>` is called. */
  resumeOnWebhook?: {
    httpMethod: string;
    authentication: 'none' | 'basicAuth' | 'headerAuth' | 'jwtAuth';
    credentials?: JsonObject;
    /** What to do when `until` passes first: resume with the input, or fail. */
    onTimeout: 'resume' | 'error';
    responseMode?: string;
  };
}

export type NodeResult = ItemsByIndex | null | WaitRequest;

/** Where a streamed output goes (see NodeTypeDefinition.streamOutput / consumeStream). */
export interface ItemSink {
  /** The next batch; `firstIndex` is the position of batch[0] in the whole streamed output. */
  add(batch: Item[], firstIndex: number): void;
  /** Every batch given: the node's result, as `execute` returns it for all the items at once. */
  finish(): Promise<NodeResult>;
}

export function isWaitRequest(result: NodeResult): result is WaitRequest {
  return result !== null && !Array.isArray(result) && result.kind === 'wait';
}

export interface NodeTypeDefinition {
  /** Full n8n type name, e.g. `n8n-nodes-base.set`. */
  type: string;
  /** Other names accepted in workflows (the seed's short names: `set`, `code`...). */
  aliases?: string[];
  displayName: string;
  /** typeVersions this implementation runs; the last is the default for short names. */
  versions: number[];
  /** Trigger nodes start runs; they receive the trigger data as their input. */
  isTrigger?: boolean;
  /** Number of main inputs (Merge: 2 or `numberInputs`). Default 1; triggers 0. */
  inputs?(node: WorkflowNode): number;
  /** Number of main outputs (IF: 2, Switch: rules...). Default 1. */
  outputs?(node: WorkflowNode): number;
  /**
   * n8n's requiredInputs: how many inputs must carry data for the node to run when the
   * stack drains (Merge modes differ). Default: 1.
   */
  requiredInputs?(node: WorkflowNode): number;
  /** Checks parameters once at workflow load; throw a WorkflowValidationError. */
  validate?(node: WorkflowNode): void;
  /**
   * When a parked run resumes at this node, run the node again with `ctx.resumedWith` (the
   * Execute Workflow node finishing what its child's wait interrupted) instead of taking the
   * resume call's items as its output (the Wait node).
   */
  resumeByRerun?: boolean;
  execute(ctx: NodeContext): Promise<NodeResult>;
  /**
   * Output 0 as batches instead of one array, when the node's parameters allow it (undefined:
   * they do not, and `execute` runs). The engine asks for it only when the single node fed can
   * take a stream (`consumeStream`) and nothing else reads this node's items, so that a
   * million CSV rows never sit in memory at once.
   */
  streamOutput?(ctx: NodeContext): AsyncIterable<Item[]> | undefined;
  /** Takes input 0 batch by batch (Summarize); `ctx` has the first streamed item as its input. */
  consumeStream?(ctx: NodeContext): ItemSink;
  /**
   * Sub-nodes (chat models, tools, memory, parsers): what this node supplies to the root node
   * it is connected to on `connectionType`. Sub-nodes never run as main nodes. A tool may
   * supply several tools (an array).
   */
  supplyData?(ctx: SupplyContext, itemIndex: number): Promise<SuppliedObject | SuppliedObject[]>;
}

