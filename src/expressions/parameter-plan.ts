import type { JsonObject, JsonValue } from '../workflow/json';
import type { ExpressionFailure } from './types';
import { compileTemplate } from './template';

/**
 * A parameter tree prepared once per node: where its expressions are, and what the rest is.
 * Building the tree of one item then only copies the containers on the way to an
 * expression; everything else is shared with the node's parameters (never mutate them).
 */

export interface ExpressionSlot {
  /** The parameter value as written, `=` included. */
  value: string;
  /** The generated sandbox function, or n8n's reason for refusing the expression. */
  compiled: ReturnType<typeof compileTemplate>;
}

type PlanNode =
  | { kind: 'static'; value: JsonValue }
  | { kind: 'slot'; index: number }
  | { kind: 'object'; entries: Array<[string, PlanNode]> }
  | { kind: 'array'; items: PlanNode[] };

export interface ParameterPlan {
  root: PlanNode;
  slots: ExpressionSlot[];
  /** Indexes of the slots that run in the sandbox, and their generated sources. */
  live: number[];
  sources: string[];
  /** Per slot: n8n's refusal for slots that never run, else undefined. */
  failures: Array<ExpressionFailure | undefined>;
}

/** A value from the sandbox: JSON, `undefined`, or a failure marker. */
export type SlotValue = JsonValue | undefined | ExpressionFailure;

function isExpressionValue(value: JsonValue): value is string {
  return typeof value === 'string' && value.charAt(0) === '=';
}

function planValue(value: JsonValue, slots: ExpressionSlot[]): PlanNode {
  if (isExpressionValue(value)) {
    const template = value.slice(1);
    if (template.includes('{{') || /\.\s*constructor/m.test(template)) {
      slots.push({ value, compiled: compileTemplate(template) });
      return { kind: 'slot', index: slots.length - 1 };
    }
    return { kind: 'static', value: template };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => planValue(item, slots));
    return items.every((n) => n.kind === 'static') ? { kind: 'static', value: items.map(staticValue) } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, child]): [string, PlanNode] => [key, planValue(child, slots)]);
    if (entries.every(([, n]) => n.kind === 'static')) {
      const out: JsonObject = {};
      for (const [key, n] of entries) out[key] = staticValue(n);
      return { kind: 'static', value: out };
    }
    return { kind: 'object', entries };
  }
  return { kind: 'static', value };
}

function staticValue(node: PlanNode): JsonValue {
  if (node.kind !== 'static') throw new Error('not a static plan node');
  return node.value;
}

export function buildPlan(value: JsonValue): ParameterPlan {
  const slots: ExpressionSlot[] = [];
  const root = planValue(value, slots);
  const live: number[] = [];
  const sources: string[] = [];
  slots.forEach((slot, index) => {
    if (!slot.compiled.ok) return;
    live.push(index);
    sources.push(slot.compiled.source);
  });
  return { root, slots, live, sources, failures: compileFailures(slots) };
}

/** Builds one item's value; `values[i]` is slot i's result. */
export function buildValue(node: PlanNode, values: SlotValue[]): JsonValue | undefined {
  switch (node.kind) {
    case 'static':
      return node.value;
    case 'slot':
      return values[node.index] as JsonValue | undefined;
    case 'array':
      return node.items.map((item) => buildValue(item, values) ?? null);
    case 'object': {
      const out: JsonObject = {};
      for (const [key, child] of node.entries) {
        const v = buildValue(child, values);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
  }
}

/** Failure markers for slots n8n refuses at compile time; undefined for compilable ones. */
function compileFailures(slots: ExpressionSlot[]): Array<ExpressionFailure | undefined> {
  return slots.map((slot) => {
    if (slot.compiled.ok) return undefined;
    const failure: ExpressionFailure = {
      __expressionError: true,
      message: slot.compiled.message,
      expression: slot.value,
    };
    if (slot.compiled.description !== undefined) failure.description = slot.compiled.description;
    return failure;
  });
}
