import { errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { LEGACY_DEFAULTS, compareLegacy, type LegacyDataType } from '../conditions/legacy';
import { isJsonObjectValue } from '../shared/json-values';
import { passItem, readNumber, readString, toNodeError } from '../shared/node-helpers';
import { checkOutputLegacy, emptyOutputs } from './output-range';

/**
 * Switch v1 (four fixed outputs, a rule names its output) and v2 (one output per rule):
 * `value1` compared with each rule's `value2`, first match wins, `fallbackOutput` (-1 =
 * none) for the rest; or, in expression mode, `output` gives the index.
 */

function dataTypeOf(value: string): LegacyDataType {
  return value === 'boolean' || value === 'dateTime' || value === 'string' ? value : 'number';
}

function readRuleRows(ctx: NodeContext, itemIndex: number): JsonValue[] {
  const rows = ctx.getParam<JsonValue | undefined>('rules.rules', itemIndex, []);
  return Array.isArray(rows) ? rows : [];
}

function routeItem(ctx: NodeContext, item: Item, itemIndex: number, outputs: Item[][], v1: boolean): Item[][] {
  const mode = readString(ctx, 'mode', itemIndex, 'rules');
  const rows = readRuleRows(ctx, itemIndex);
  const linked = passItem(item, itemIndex);
  if (mode === 'expression') {
    if (!v1 && itemIndex === 0) outputs = emptyOutputs(readNumber(ctx, 'outputsAmount', itemIndex, 4));
    const index = readNumber(ctx, 'output', itemIndex, 0);
    checkOutputLegacy(ctx, outputs.length, index, itemIndex);
    outputs[index].push(linked);
    return outputs;
  }
  if (!v1 && itemIndex === 0) outputs = emptyOutputs(rows.length);
  const dataType = dataTypeOf(readString(ctx, 'dataType', 0, 'number'));
  const defaults = LEGACY_DEFAULTS[dataType];
  const value1 = ctx.getParam<JsonValue | undefined>('value1', itemIndex, defaults.value1);
  for (const [ruleIndex, row] of rows.entries()) {
    const rule = isJsonObjectValue(row) ? row : {};
    const operation = typeof rule.operation === 'string' ? rule.operation : defaults.operation;
    const value2 = 'value2' in rule ? rule.value2 : defaults.value2;
    if (!compareLegacy(dataType, operation, value1, value2)) continue;
    if (!v1) {
      // v2 rules have no output field; one left over from v1 is still range-checked, as in n8n.
      if (rule.output !== undefined) checkOutputLegacy(ctx, outputs.length, Number(rule.output), itemIndex);
      outputs[ruleIndex].push(linked);
      return outputs;
    }
    const output = Number(rule.output ?? 0);
    checkOutputLegacy(ctx, outputs.length, output, itemIndex);
    outputs[output].push(linked);
    return outputs;
  }
  const fallback = readNumber(ctx, 'fallbackOutput', itemIndex, -1);
  if (fallback !== -1) {
    checkOutputLegacy(ctx, outputs.length, fallback, itemIndex);
    outputs[fallback].push(linked);
  }
  return outputs;
}

export function routeSwitchLegacy(ctx: NodeContext): Item[][] {
  const v1 = ctx.node.typeVersion < 2;
  let outputs: Item[][] = v1 ? emptyOutputs(4) : [];
  ctx.getInputItems(0).forEach((item, itemIndex) => {
    try {
      outputs = routeItem(ctx, item, itemIndex, outputs, v1);
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      if (outputs.length === 0) outputs = [[]];
      outputs[0].push({ json: { error: errorMessage(error) } });
    }
  });
  return outputs;
}
