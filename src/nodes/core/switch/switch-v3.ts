import { errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { filterPasses } from '../conditions/filter-param';
import { isJsonObjectValue } from '../shared/json-values';
import { passItem, readNumber, readObject, readString, toNodeError, workflowTimezone } from '../shared/node-helpers';
import { checkOutputV3, emptyOutputs } from './output-range';

/**
 * Switch v3: rules (each a filter, first match wins unless allMatchingOutputs, optional
 * fallback output) or an expression giving the output index.
 */

/** n8n's default when a Switch has no `rules` parameter: one rule that always matches. */
export const DEFAULT_RULES: JsonObject = {
  values: [
    {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
        conditions: [{ leftValue: '', rightValue: '', operator: { type: 'string', operation: 'equals' } }],
        combinator: 'and',
      },
    },
  ],
};

function readRules(ctx: NodeContext, itemIndex: number): { rules: JsonValue[]; base: string } {
  if (ctx.getRawParam('rules') === undefined) {
    const values = DEFAULT_RULES.values as JsonValue[];
    return { rules: values, base: '' };
  }
  const rules = ctx.getParam<JsonValue | undefined>('rules.values', itemIndex, []);
  return { rules: Array.isArray(rules) ? rules : [], base: 'rules.values' };
}

/** A rule's filter passes; with the default rules there is no parameter path to read. */
function rulePasses(ctx: NodeContext, base: string, ruleIndex: number, itemIndex: number, timezone: string): boolean {
  if (base === '') return true;
  return filterPasses(ctx, `${base}.${ruleIndex}.conditions`, itemIndex, timezone);
}

function fallbackIndex(value: JsonValue | undefined): number | 'extra' | undefined {
  if (value === undefined || value === null || value === 'none') return undefined;
  if (value === 'extra') return 'extra';
  return Number(value);
}

function routeRules(ctx: NodeContext, item: Item, itemIndex: number, outputs: Item[][], timezone: string): Item[][] {
  const { rules, base } = readRules(ctx, itemIndex);
  if (rules.length === 0) return outputs;
  const options = readObject(ctx, 'options', itemIndex);
  const fallback = fallbackIndex(options.fallbackOutput);
  if (itemIndex === 0 || outputs.length === 0) {
    outputs = emptyOutputs(rules.length + (fallback === 'extra' ? 1 : 0));
  }
  let matched = false;
  for (const [ruleIndex, rule] of rules.entries()) {
    if (!rulePasses(ctx, base, ruleIndex, itemIndex, timezone)) continue;
    matched = true;
    const explicitOutput = isJsonObjectValue(rule) ? rule.output : undefined;
    if (typeof explicitOutput === 'number') checkOutputV3(ctx, outputs.length, explicitOutput, itemIndex);
    outputs[ruleIndex].push(passItem(item, itemIndex));
    if (options.allMatchingOutputs !== true) return outputs;
  }
  if (fallback === undefined || matched) return outputs;
  if (fallback === 'extra') {
    outputs[outputs.length - 1].push(passItem(item, itemIndex));
    return outputs;
  }
  checkOutputV3(ctx, outputs.length, fallback, itemIndex);
  outputs[fallback]?.push(passItem(item, itemIndex));
  return outputs;
}

function routeExpression(ctx: NodeContext, item: Item, itemIndex: number, outputs: Item[][]): Item[][] {
  if (itemIndex === 0 || outputs.length === 0) outputs = emptyOutputs(readNumber(ctx, 'numberOutputs', itemIndex, 4));
  const output = ctx.getParam<JsonValue | undefined>('output', itemIndex, undefined);
  const index = Number(output);
  checkOutputV3(ctx, outputs.length, index, itemIndex);
  const target = outputs[index];
  if (!target) {
    throw toNodeError(ctx, new Error(`The ouput ${String(output)} is not allowed`), { itemIndex });
  }
  target.push(passItem(item, itemIndex));
  return outputs;
}

export function routeSwitchV3(ctx: NodeContext): Item[][] {
  const mode = readString(ctx, 'mode', 0, 'rules');
  const timezone = workflowTimezone(ctx);
  let outputs: Item[][] = [];
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    try {
      outputs =
        mode === 'expression' ? routeExpression(ctx, item, itemIndex, outputs) : routeRules(ctx, item, itemIndex, outputs, timezone);
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      if (outputs.length === 0) outputs = [[]];
      outputs[0].push({ json: { error: errorMessage(error) } });
    }
  });
  return outputs.length === 0 ? [[]] : outputs;
}
