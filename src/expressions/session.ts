import { CodeExecutionError, ExpressionError } from '../errors';
import { NodeSandboxLimitError, SandboxMemoryError, SandboxTimeoutError } from '../sandbox/errors';
import { SandboxCompileError, type SandboxFunction } from '../sandbox/isolate-host';
import type { JsonObject, JsonValue } from '../workflow/json';
import { codeErrorText, type ThrownInfo } from './code-errors';
import { itemsForExpressions, runCounts } from './host-data';
import { buildPlan, buildValue, type ParameterPlan, type SlotValue } from './parameter-plan';
import type { SandboxRuntime } from './sandbox-runtime';
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
}

interface CodeOutcome {
  ok: boolean;
  value?: JsonValue;
  undef?: boolean;
  values?: Array<JsonValue>;
  errors?: Record<string, ThrownInfo>;
  error?: ThrownInfo;
  itemIndex?: number;
}

/** One execution's window into the shared sandbox. */
export class SandboxSession implements ExpressionSession {
  private closed = false;

  constructor(
    private readonly runtime: SandboxRuntime,
    private readonly id: string,
  ) {}

  resolveParameters(scope: NodeScope, itemCount: number): ResolvedParameters {
    const plan = planFor(scope.node.parameters);
    if (plan.slots.length === 0) {
      const constant = buildValue(plan.root, []) as JsonObject;
      return { forItem: () => constant, hasFailure: () => false };
    }
    const rows = this.evaluatePlan(scope, plan, 0, itemCount);
    const built: Array<JsonObject | undefined> = [];
    return {
      hasFailure: (itemIndex: number): boolean => {
        const values = itemIndex >= 0 && itemIndex < itemCount ? rows[itemIndex] : undefined;
        return values === undefined || values.some(isExpressionFailure);
      },
      forItem: (itemIndex: number): JsonObject => {
        if (itemIndex < 0 || itemIndex >= itemCount) {
          return buildValue(plan.root, this.evaluatePlan(scope, plan, itemIndex, itemIndex + 1)[0]) as JsonObject;
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

  evaluate(scope: NodeScope, value: JsonValue, itemIndex: number): JsonValue | undefined {
    const plan = planFor(value);
    const values = plan.slots.length === 0 ? [] : this.evaluatePlan(scope, plan, itemIndex, itemIndex + 1)[0];
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
    let wrapper: SandboxFunction;
    try {
      wrapper = this.runtime.codeFunction(request.code);
    } catch (error) {
      if (!(error instanceof SandboxCompileError)) throw error;
      const stack = `${error.errorName}: ${error.message}`;
      return this.codeResult(scope, request, { ok: false, error: { name: error.errorName, message: error.message, stack, expression: false, errorLike: true } });
    }
    const timeoutMs = request.timeoutMs ?? this.runtime.options.timeoutMs;
    const { notes } = this.runtime.prepareCall();
    const payload = JSON.stringify({
      ...notes,
      ...this.callBase(scope),
      items: scope.inputs[0] ?? [],
      mode: request.mode,
      continueOnFail: request.continueOnFail === true,
    });
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const callId = this.runtime.beginCodeCall(this.id, Date.now() + timeoutMs, (error) => fail(error));
    const deadline = setTimeout(() => fail(new SandboxTimeoutError(timeoutMs)), timeoutMs);
    const abandon = new AbortController();
    let finished = false;
    try {
      const pending = this.runtime.host.callPromise('runCode', [this.id, payload, wrapper, callId], timeoutMs, abandon.signal);
      // Whichever of the two loses the race must not surface later as an unhandled rejection.
      pending.catch(() => undefined);
      failed.catch(() => undefined);
      const text = (await Promise.race([pending, failed])) as string;
      finished = true;
      return this.codeResult(scope, request, JSON.parse(text) as CodeOutcome);
    } catch (error) {
      throw this.limitError(scope, error, 'Code', timeoutMs);
    } finally {
      clearTimeout(deadline);
      if (!finished) abandon.abort();
      this.runtime.endCodeCall(callId, !finished);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runtime.closeSession(this.id);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`Expression session ${this.id} is closed`);
  }

  private callBase(scope: NodeScope): JsonObject {
    const record = this.runtime.session(this.id);
    return {
      node: scope.node.name,
      runIndex: scope.runIndex,
      source: scope.source as unknown as JsonValue,
      runCounts: runCounts(record.scope.runExecutionData.resultData.runData),
    };
  }

  /** Evaluates every slot of `plan` for items [start, end): one sandbox call in all. */
  private evaluatePlan(scope: NodeScope, plan: ParameterPlan, start: number, end: number): SlotValue[][] {
    this.ensureOpen();
    const count = end - start;
    if (plan.live.length === 0) return Array.from({ length: count }, () => plan.failures.slice());
    const { notes, slots } = this.runtime.prepareCall(plan.sources);
    const payload = JSON.stringify({
      ...notes,
      ...this.callBase(scope),
      items: itemsForExpressions(scope.inputs[0] ?? []),
      slots,
      itemStart: start,
      itemEnd: end,
    });
    let text: string;
    try {
      text = this.runtime.host.callSync('resolve', [this.id, payload], this.runtime.options.timeoutMs) as string;
    } catch (error) {
      throw this.limitError(scope, error, 'Expression', this.runtime.options.timeoutMs);
    }
    const { rows, undef, nonFinite } = JSON.parse(text) as SandboxRows;
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

