import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { toNodeError } from '../shared/node-helpers';
import { LEGACY_DATA_TYPES, LEGACY_DEFAULTS, compareLegacy } from './legacy';

/**
 * The condition rows of IF v1 and Filter v1: `conditions.<dataType>[]` of
 * `{value1, operation, value2}`, checked type by type (boolean, dateTime, number, string)
 * and stopped at the first row that decides the outcome.
 */
export function evaluateLegacyRows(ctx: NodeContext, itemIndex: number, requireAll: boolean): boolean {
  for (const dataType of LEGACY_DATA_TYPES) {
    const rows = ctx.getParam<JsonValue | undefined>(`conditions.${dataType}`, itemIndex, []);
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      const fields = isJsonObjectValue(row) ? row : {};
      const defaults = LEGACY_DEFAULTS[dataType];
      const operation = typeof fields.operation === 'string' ? fields.operation : defaults.operation;
      const value1 = 'value1' in fields ? fields.value1 : defaults.value1;
      const value2 = 'value2' in fields ? fields.value2 : defaults.value2;
      let passed: boolean;
      try {
        passed = compareLegacy(dataType, operation, value1, value2);
      } catch (error) {
        throw toNodeError(ctx, error, { itemIndex });
      }
      if (passed && !requireAll) return true;
      if (!passed && requireAll) return false;
    }
  }
  return requireAll;
}
