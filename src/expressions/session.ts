import { CodeExecutionError, ExpressionError } from '../errors';
import { NodeSandboxLimitError, SandboxMemoryError, SandboxTimeoutError } from '../sandbox/errors';
import { SandboxCompileError } from '../sandbox/isolate-realm';
import type { JsonObject, JsonValue } from '../workflow/json';
import { codeErrorText, type ThrownInfo } from './code-errors';
import { itemsForExpressions, runCounts } from './host-data';
import { buildPlan, buildValue, type ParameterPlan, type SlotValue } from './parameter-plan';
import type { CallParts, SandboxRuntime, SessionState } from './sandbox-runtime';
import {
  isExpressionFailure,
  type CodeRequest,
  type CodeResult,
  type ExpressionSession,
  type NodeScope,
  type ResolvedParameters,
} from './types';

const planCache = new WeakMap<object, ParameterPlan>();
const stringPlans = new Map<string, ParameterPlan>();

function planFor(value: JsonValue): ParameterPlan {
  if (typeof value === 'string') {
    let plan = stringPlans.get(value);
    if (!plan) {
      if (stringPlans.size >= 5000) stringPlans.clear();
      plan = buildPlan(value);
      stringPlans.set(value, plan);
    }
    return plan;
  }
  if (value === null || typeof value !== 'object') return buildPlan(value);
  let plan = planCache.get(value);
  if (!plan) {
    plan = buildPlan(value);
    planCache.set(value, plan);
  }
  return plan;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s} ${s === 1 ? 'second' : 'seconds'}`;
}

interface SandboxRows {
  undef: number[];
  /** Cells holding NaN or ±Infinity, by name ("NaN", "Infinity", "-Infinity"). */
  nonFinite?: Array<[number, string]>;
  rows: SlotValue[][];
  state?: SessionState;
}

interface CodeOutcome {
  ok: boolean;
  value?: JsonValue;
  undef?: boolean;
  values?: Array<JsonValue>;
  errors?: Record<string, ThrownInfo>;
  error?: ThrownInfo;
  itemIndex?: number;
  state?: SessionState;
}

/** A plan's expressions for items [start, end) of a node run: what one sandbox call needs. */
interface PlanCall {
  plan: ParameterPlan;
  start: number;
  end: number;
}

/**
 * One execution's window into the shared sandbox. The engine resolves a node's parameters
 * for all its items in one asynchronous call (`prepareParameters`) before the node runs;
 * the synchronous methods remain for what a node evaluates on its own (`evaluate`, items
 * beyond those prepared) and run on the service thread, bounded by the same time limit.
 */
export class SandboxSession implements ExpressionSession {
  private closed = false;

  constructor(
    private readonly runtime: SandboxRuntime,
    private readonly id: string,
  ) {}

  resolveParameters(scope: NodeScope, itemCount: number): ResolvedParameters {
    const plan = planFor(scope.node.parameters);
    return this.resolved(scope, plan, itemCount, plan.slots.length === 0 ? [] : this.evaluateSync(scope, { plan, start: 0, end: itemCount }));
  }

  async prepareParameters(scope: NodeScope, itemCount: number): Promise<ResolvedParameters> {
    const plan = planFor(scope.node.parameters);
    if (plan.slots.length === 0) return this.resolved(scope, plan, itemCount, []);
    const call = { plan, start: 0, end: itemCount };
    let text: string;
    if (plan.live.length === 0) {
      text = '';
    } else {
      this.ensureOpen();
      try {
        text = await this.runtime.resolve(this.id, plan.sources, this.planParts(scope, call));
      } catch (error) {
        throw this.limitError(scope, error, 'Expression', this.runtime.options.timeoutMs);
      }
    }
    return this.resolved(scope, plan, itemCount, this.decodeRows(call, text));
  }

  evaluate(scope: NodeScope, value: JsonValue, itemIndex: number): JsonValue | undefined {
    const plan = planFor(value);
    const values = plan.slots.length === 0 ? [] : this.evaluateSync(scope, { plan, start: itemIndex, end: itemIndex + 1 })[0];
    const failure = values.find(isExpressionFailure);
    if (failure) {
      throw new ExpressionError(scope.node.name, 'expression', failure.message, {
        description: failure.description,
        itemIndex,
        expression: failure.expression,
      });
    }
    return buildValue(plan.root, values);
  }

  async runCode(scope: NodeScope, request: CodeRequest): Promise<CodeResult> {
    this.ensureOpen();
    const timeoutMs = request.timeoutMs ?? this.runtime.options.timeoutMs;
    const parts = {
      ...this.callBase(scope),
      items: scope.inputs[0] ?? [],
      mode: request.mode,
      continueOnFail: request.continueOnFail === true,
    };
    let outcome: CodeOutcome;
    try {
      outcome = JSON.parse(await this.runtime.runCode(this.id, request.code, parts, timeoutMs, request.helpers)) as CodeOutcome;
    } catch (error) {
      if (error instanceof SandboxCompileError) {
        const stack = `${error.errorName}: ${error.message}`;
        outcome = { ok: false, error: { name: error.errorName, message: error.message, stack, expression: false, errorLike: true } };
      } else {
        throw this.limitError(scope, error, 'Code', timeoutMs);
      }
    }
    this.runtime.updateState(this.id, outcome.state);
    return this.codeResult(scope, request, outcome);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runtime.closeSession(this.id);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`Expression session ${this.id} is closed`);
  }

  /** Parameters for every item, built lazily from rows evaluated in one call. */
  private resolved(scope: NodeScope, plan: ParameterPlan, itemCount: number, rows: SlotValue[][]): ResolvedParameters {
    if (plan.slots.length === 0) {
      const constant = buildValue(plan.root, []) as JsonObject;
      return { forItem: () => constant, hasFailure: () => false };
    }
    const built: Array<JsonObject | undefined> = [];
    return {
      hasFailure: (itemIndex: number): boolean => {
        const values = itemIndex >= 0 && itemIndex < itemCount ? rows[itemIndex] : undefined;
        return values === undefined || values.some(isExpressionFailure);
      },
      forItem: (itemIndex: number): JsonObject => {
        if (itemIndex < 0 || itemIndex >= itemCount) {
          return buildValue(plan.root, this.evaluateSync(scope, { plan, start: itemIndex, end: itemIndex + 1 })[0]) as JsonObject;
        }
        let value = built[itemIndex];
        if (!value) {
          value = buildValue(plan.root, rows[itemIndex]) as JsonObject;
          built[itemIndex] = value;
        }
        return value;
      },
    };
  }

  private callBase(scope: NodeScope): JsonObject {
    const record = this.runtime.scope(this.id);
    return {
      node: scope.node.name,
      runIndex: scope.runIndex,
      source: scope.source as unknown as JsonValue,
      runCounts: runCounts(record.runExecutionData.resultData.runData),
    };
  }

  private planParts(scope: NodeScope, call: PlanCall): CallParts {
    return {
      ...this.callBase(scope),
      items: itemsForExpressions(scope.inputs[0] ?? []),
      itemStart: call.start,
      itemEnd: call.end,
    };
  }

  /** Evaluates a plan on the service thread (the synchronous API). */
  private evaluateSync(scope: NodeScope, call: PlanCall): SlotValue[][] {
    this.ensureOpen();
    if (call.plan.live.length === 0) return this.decodeRows(call, '');
    let text: string;
    try {
      text = this.runtime.callOnServiceThread('resolve', this.id, call.plan.sources, this.planParts(scope, call));
    } catch (error) {
      throw this.limitError(scope, error, 'Expression', this.runtime.options.timeoutMs);
    }
    return this.decodeRows(call, text);
  }

  /** Rows of slot values from the sandbox's answer (empty text: no live expression to evaluate). */
  private decodeRows({ plan, start, end }: PlanCall, text: string): SlotValue[][] {
    if (plan.live.length === 0) return Array.from({ length: end - start }, () => plan.failures.slice());
    const { rows, undef, nonFinite, state } = JSON.parse(text) as SandboxRows;
    this.runtime.updateState(this.id, state);
    const width = plan.live.length;
    for (const cell of undef) rows[Math.floor(cell / width)][cell % width] = undefined;
    for (const [cell, name] of nonFinite ?? []) rows[Math.floor(cell / width)][cell % width] = Number(name);
    const allLive = width === plan.slots.length;
    return rows.map((row) => {
      const values: SlotValue[] = allLive ? row : plan.failures.slice();
      for (let k = 0; k < width; k++) {
        const slotIndex = plan.live[k];
        const value = row[k];
        values[slotIndex] = isExpressionFailure(value) ? { ...value, expression: plan.slots[slotIndex].value } : value;
      }
      return values;
    });
  }

  private codeResult(scope: NodeScope, request: CodeRequest, outcome: CodeOutcome): CodeResult {
    if (!outcome.ok) {
      const text = codeErrorText(outcome.error ?? { name: 'Error', expression: false, errorLike: false });
      if (request.continueOnFail && request.mode === 'runOnceForAllItems') {
        return { mode: 'runOnceForAllItems', returned: [{ json: { error: text.message } }] };
      }
      throw new CodeExecutionError(scope.node.name, text.message, { description: text.description, itemIndex: outcome.itemIndex });
    }
    if (request.mode === 'runOnceForAllItems') {
      return { mode: 'runOnceForAllItems', returned: outcome.undef ? undefined : outcome.value };
    }
    const values = (outcome.values ?? []).map((value, index): JsonValue => {
      const thrown = outcome.errors?.[String(index)];
      return thrown ? { json: { error: codeErrorText(thrown).message } } : value;
    });
    return { mode: 'runOnceForEachItem', returned: values };
  }

  private limitError(scope: NodeScope, error: unknown, what: 'Code' | 'Expression', timeoutMs: number): Error {
    const node = scope.node.name;
    if (error instanceof SandboxTimeoutError) {
      return new NodeSandboxLimitError(
        node,
        `${what} in node "${node}" timed out after ${seconds(timeoutMs)}`,
        'time',
        'Ensure that all paths in your code are able to terminate, i.e. no infinite loops.',
      );
    }
    if (error instanceof SandboxMemoryError) {
      return new NodeSandboxLimitError(
        node,
        `${what} in node "${node}" exceeded the memory limit of ${error.memoryMb} MB`,
        'memory',
        'Process the data in smaller batches.',
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

