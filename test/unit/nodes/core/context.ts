import type { JsonValue } from '../../../../src/workflow/json';
import type { NodeContext, NodeResult } from '../../../../src/contracts/node-type';
import type { Item, ItemsByIndex } from '../../../../src/contracts/run-data';
import { fakeContext, type FakeContextOptions } from '../../../helpers/node-context';

/** fakeContext plus an expression table for ctx.evaluate (`={{ ... }}` -> value per item). */
export function contextWith(
  options: FakeContextOptions,
  expressions: Record<string, (itemIndex: number) => JsonValue> = {},
): NodeContext {
  const ctx = fakeContext(options);
  return {
    ...ctx,
    evaluate: (value: JsonValue, itemIndex: number) => {
      if (typeof value === 'string' && expressions[value]) return expressions[value](itemIndex);
      if (typeof value === 'string' && value.startsWith('=')) throw new Error(`No test value for expression ${value}`);
      return value;
    },
  };
}

/** The items of a node result, asserting it is item lists (not a wait or null). */
export function outputsOf(result: NodeResult): ItemsByIndex {
  if (result === null || !Array.isArray(result)) throw new Error('expected item lists');
  return result;
}

/** Only the json of each output's items, the way the conformance suite compares. */
export function jsonOf(result: NodeResult): Array<Array<Item['json']> | null> {
  return outputsOf(result).map((items) => (items === null ? null : items.map((item) => item.json)));
}
