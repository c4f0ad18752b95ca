import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { copyJson, isJsonObjectValue } from '../shared/json-values';
import { readBoolean, readObject } from '../shared/node-helpers';
import { fieldAccess } from './field-access';

/**
 * Set v1 and v2: `values.boolean`, `values.number`, `values.string` rows of
 * `{name, value}`, written over a copy of the input unless `keepOnlySet`.
 */

const ROW_KINDS = ['boolean', 'number', 'string'] as const;
const ROW_DEFAULTS: Record<(typeof ROW_KINDS)[number], JsonValue> = { boolean: false, number: 0, string: '' };

function rowValue(kind: (typeof ROW_KINDS)[number], value: JsonValue, version: number): JsonValue {
  if (kind === 'boolean') return Boolean(value);
  // v2 turned numeric text into numbers; v1 keeps what the expression gave.
  if (kind === 'number' && version >= 2 && typeof value === 'string' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value;
}

export function runSetV1(ctx: NodeContext): Item[] {
  const version = ctx.node.typeVersion;
  const input = ctx.getInputItems(0);
  // With no input n8n still writes the fields once, into an empty item.
  const items: Item[] = input.length > 0 ? input : [{ json: {} }];
  return items.map((item, itemIndex) => {
    const keepOnlySet = readBoolean(ctx, 'keepOnlySet', itemIndex, false);
    const options = readObject(ctx, 'options', itemIndex);
    const access = fieldAccess(options.dotNotation === false ? false : undefined);
    const output: Item = { json: {}, pairedItem: { item: itemIndex } };
    if (!keepOnlySet) {
      if (item.binary !== undefined) output.binary = { ...item.binary };
      output.json = copyJson(item.json);
    }
    for (const kind of ROW_KINDS) {
      const rows = ctx.getParam<JsonValue | undefined>(`values.${kind}`, itemIndex, []);
      for (const row of Array.isArray(rows) ? rows : []) {
        const entry: JsonObject = isJsonObjectValue(row) ? row : {};
        const name = typeof entry.name === 'string' ? entry.name : 'propertyName';
        const value = 'value' in entry ? entry.value : ROW_DEFAULTS[kind];
        access.set(output.json, name, rowValue(kind, value, version));
      }
    }
    return output;
  });
}
