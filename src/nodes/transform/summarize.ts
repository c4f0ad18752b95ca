import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { readField } from './utils/object-path';
import { asObject, listParam, objectParam, stringParam } from './utils/params';

/**
 * Summarize (n8n-nodes-base.summarize v1, v1.1): count/sum/average/min/max/append/
 * concatenate/countUnique of fields, optionally split (grouped) by other fields. Groups
 * keep value types in v1.1 (1 and "1" differ) and are strings in v1, as in n8n.
 */

type Value = JsonValue | undefined;

interface Aggregation {
  aggregation: string;
  field: string;
  includeEmpty: boolean;
  separateBy: string;
  customSeparator: string;
}

interface Options {
  disableDotNotation: boolean;
  singleItem: boolean;
  skipEmptySplitFields: boolean;
  stringKeys: boolean;
  /** Item Lists v1 keeps field names as written (`count_a.b`); later versions write `count_a_b`. */
  rawFieldNames: boolean;
}

/** An input item's json, carrying its position as n8n's `_itemIndex` field. */
interface Row {
  json: JsonObject;
  index: number;
}

interface Leaf {
  returnData: JsonObject;
  pairedItems: number[];
}

interface Split {
  fieldName: string;
  splits: Map<Value, Result>;
}

type Result = Leaf | Split;

const DISPLAY_PREFIX: Record<string, string> = {
  append: 'appended_',
  average: 'average_',
  concatenate: 'concatenated_',
  count: 'count_',
  countUnique: 'unique_count_',
  max: 'max_',
  min: 'min_',
  sum: 'sum_',
};

const isEmpty = (value: Value): boolean => value === undefined || value === null || value === '';
const normalizeFieldName = (name: string): string => name.replace(/[\]["]/g, '').replace(/[ .]/g, '_');

function valueOf(row: Row, field: string, options: Options): Value {
  return readField(row.json, field, options.disableDotNotation);
}

/** JavaScript's `<`/`>` on two JSON values, which n8n's min and max use. */
function before(a: JsonValue, b: JsonValue): boolean {
  return (a as unknown as number) < (b as unknown as number);
}

function aggregate(rows: Row[], entry: Aggregation, options: Options): JsonValue {
  const get = (row: Row): Value => valueOf(row, entry.field, options);
  let data = rows;
  if (entry.aggregation === 'average' || entry.aggregation === 'sum') data = data.filter((row) => typeof get(row) === 'number');
  const kept = entry.includeEmpty ? data : data.filter((row) => !isEmpty(get(row)));
  switch (entry.aggregation) {
    case 'append':
      return kept.map((row) => get(row) ?? null);
    case 'concatenate': {
      const separator = entry.separateBy === 'other' ? entry.customSeparator : entry.separateBy;
      return kept
        .map((row) => {
          const value = get(row);
          if (value === undefined) return 'undefined';
          return typeof value === 'object' ? JSON.stringify(value) : String(value);
        })
        .join(separator);
    }
    case 'average':
    case 'sum': {
      const total = data.reduce((sum, row) => sum + (get(row) as number), 0);
      // An average of nothing is NaN in n8n, which JSON writes as null.
      return entry.aggregation === 'sum' ? total : data.length === 0 ? null : total / data.length;
    }
    case 'min':
    case 'max': {
      let best: JsonValue | undefined;
      for (const row of data) {
        const value = get(row);
        if (isEmpty(value)) continue;
        const candidate = value as JsonValue;
        if (best === undefined || (entry.aggregation === 'min' ? before(candidate, best) : before(best, candidate))) best = candidate;
      }
      return best ?? null;
    }
    case 'countUnique':
      return new Set(kept.map(get)).size;
    default:
      return kept.length;
  }
}

function aggregateRows(rows: Row[], aggregations: Aggregation[], options: Options): Leaf {
  const returnData: JsonObject = {};
  for (const entry of aggregations) {
    const name = `${DISPLAY_PREFIX[entry.aggregation] ?? 'undefined'}${entry.field}`;
    returnData[options.rawFieldNames ? name : normalizeFieldName(name)] = aggregate(rows, entry, options);
  }
  return { returnData, pairedItems: rows.map((row) => row.index) };
}

function splitAndAggregate(rows: Row[], splitKeys: string[], aggregations: Aggregation[], options: Options): Result {
  if (splitKeys.length === 0) return aggregateRows(rows, aggregations, options);
  const [fieldName, ...rest] = splitKeys;
  const groups = new Map<Value, Row[]>();
  for (const row of rows) {
    let key: Value = valueOf(row, fieldName, options);
    if (key && typeof key === 'object') key = JSON.stringify(key);
    if (options.stringKeys) key = String(key);
    if (options.skipEmptySplitFields && typeof key !== 'number' && !key) continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const splits = new Map<Value, Result>();
  for (const [key, group] of groups) splits.set(key, splitAndAggregate(group, rest, aggregations, options));
  return { fieldName, splits };
}

function toObject(result: Result): JsonObject {
  if ('returnData' in result) return result.returnData;
  const json: JsonObject = {};
  for (const [key, value] of result.splits) json[String(key)] = toObject(value);
  return json;
}

function toLeaves(result: Result, rawFieldNames: boolean): Leaf[] {
  if ('returnData' in result) return [result];
  const leaves: Leaf[] = [];
  for (const [value, inner] of result.splits) {
    for (const leaf of toLeaves(inner, rawFieldNames)) {
      // A missing split value is n8n's undefined, which leaves the field out.
      if (value !== undefined) leaf.returnData[rawFieldNames ? result.fieldName : normalizeFieldName(result.fieldName)] = value;
      leaves.push(leaf);
    }
  }
  return leaves;
}

function readAggregations(ctx: NodeContext): Aggregation[] {
  const list = listParam(ctx, 'fieldsToSummarize.values', 0).map((value) => {
    const entry = asObject(value);
    return {
      aggregation: typeof entry.aggregation === 'string' ? entry.aggregation : 'count',
      field: typeof entry.field === 'string' ? entry.field : '',
      includeEmpty: entry.includeEmpty === true,
      separateBy: typeof entry.separateBy === 'string' ? entry.separateBy : ',',
      customSeparator: typeof entry.customSeparator === 'string' ? entry.customSeparator : '',
    };
  });
  if (!list.some((entry) => entry.field !== '')) {
    throw new NodeOperationError(ctx.node.name, "You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'");
  }
  return list;
}

/** Summarize's work; `rawFieldNames` for Item Lists v1 (see Options). */
export async function summarizeItems(ctx: NodeContext, rawFieldNames = false): Promise<NodeResult> {
  const rows: Row[] = ctx.getInputItems().map((item, index) => ({ json: { ...item.json, _itemIndex: index }, index }));
  const rawOptions = objectParam(ctx, 'options', 0);
  const options: Options = {
    disableDotNotation: rawOptions.disableDotNotation === true,
    singleItem: rawOptions.outputFormat === 'singleItem',
    skipEmptySplitFields: rawOptions.skipEmptySplitFields === true,
    stringKeys: ctx.node.typeVersion === 1,
    rawFieldNames,
  };
  const splitKeys = stringParam(ctx, 'fieldsToSplitBy', 0, '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field);
  const aggregations = readAggregations(ctx);
  const result = splitAndAggregate(rows, splitKeys, aggregations, options);
  const failOnMissing = ctx.node.typeVersion === 1 && rawOptions.continueIfFieldNotFound !== true;
  for (const { field } of aggregations) {
    if (field === '' || !failOnMissing) continue;
    if (!rows.some((row) => valueOf(row, field, options) !== undefined)) {
      throw new NodeOperationError(ctx.node.name, `The field '${field}' does not exist in any items`);
    }
  }
  if (options.singleItem) return [[{ json: toObject(result), pairedItem: rows.map((row) => ({ item: row.index })) }]];
  return [toLeaves(result, rawFieldNames).map((leaf) => ({ json: leaf.returnData, pairedItem: leaf.pairedItems.map((item) => ({ item })) }))];
}

export const summarizeNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.summarize',
  aliases: ['summarize'],
  displayName: 'Summarize',
  versions: [1, 1.1],
  execute: (ctx) => summarizeItems(ctx),
};
