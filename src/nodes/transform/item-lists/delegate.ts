import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { isJsonObject } from '../../../workflow/json';

/**
 * Item Lists' operations became n8n's standalone transform nodes (Aggregate, Limit, Remove
 * Duplicates, Sort, Split Out, Summarize) with the same parameters. Item Lists runs them
 * through this view of its own context: the standalone node's typeVersion, and parameters
 * read as that node names them.
 */
export type ParamOverride = (itemIndex: number) => JsonValue | undefined;

export function delegatedContext(ctx: NodeContext, typeVersion: number, overrides: Record<string, ParamOverride> = {}): NodeContext {
  const node = { ...ctx.node, typeVersion };
  return {
    ...ctx,
    node,
    getParam<T extends JsonValue | undefined = JsonValue>(path: string, itemIndex: number, fallback?: T): T {
      const override = overrides[path];
      if (override === undefined) return ctx.getParam<T>(path, itemIndex, fallback);
      const value = override(itemIndex);
      return (value === undefined ? fallback : value) as T;
    },
  };
}

/**
 * v1 and v2 list field names as a fixedCollection (`{fields: [{fieldName}]}`) where v3 and
 * the standalone nodes take text or a list: read them as a list of names.
 */
export function fieldNamesOf(ctx: NodeContext, parameter: string): ParamOverride {
  return (itemIndex) => {
    const rows = ctx.getParam<JsonValue | undefined>(`${parameter}.fields`, itemIndex, []);
    return (Array.isArray(rows) ? rows : []).map((row) => (isJsonObject(row) ? (row.fieldName ?? '') : ''));
  };
}
