import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { ItemSink, NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
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

/**
 * A field of an input item as n8n reads it from `{...item.json, _itemIndex: index}`; the copy
 * is only made for `_itemIndex` paths, so a million rows are never copied.
 */
function valueOf(json: JsonObject, index: number, field: string, options: Options): Value {
  if (field.startsWith('_itemIndex')) return readField({ ...json, _itemIndex: index }, field, options.disableDotNotation);
  return readField(json, field, options.disableDotNotation);
}

/** JavaScript's `<`/`>` on two JSON values, which n8n's min and max use. */
function before(a: JsonValue, b: JsonValue): boolean {
  return (a as unknown as number) < (b as unknown as number);
}

/**
 * One aggregation of one group, fed value by value in item order, so that the items need not
 * be kept (n8n filters, then reduces the group's items; the order of additions is the same).
 */
class Accumulator {
  private kept = 0;
  private numbers = 0;
  private total = 0;
  private best: JsonValue | undefined;
  private readonly values: Value[] = [];
  private readonly unique = new Set<Value>();

  constructor(private readonly entry: Aggregation) {}

  add(value: Value): void {
    const { aggregation, includeEmpty } = this.entry;
    if (aggregation === 'average' || aggregation === 'sum') {
      if (typeof value !== 'number') return;
      this.numbers += 1;
      this.total += value;
      return;
    }
    if (aggregation === 'min' || aggregation === 'max') {
      if (isEmpty(value)) return;
      const candidate = value as JsonValue;
      if (this.best === undefined || (aggregation === 'min' ? before(candidate, this.best) : before(this.best, candidate))) this.best = candidate;
      return;
    }
    if (!includeEmpty && isEmpty(value)) return;
    this.kept += 1;
    if (aggregation === 'append' || aggregation === 'concatenate') this.values.push(value);
    else if (aggregation === 'countUnique') this.unique.add(value);
  }

  result(): JsonValue {
    switch (this.entry.aggregation) {
      case 'append':
        return this.values.map((value) => value ?? null);
      case 'concatenate': {
        const separator = this.entry.separateBy === 'other' ? this.entry.customSeparator : this.entry.separateBy;
        return this.values
          .map((value) => {
            if (value === undefined) return 'undefined';
            return typeof value === 'object' ? JSON.stringify(value) : String(value);
          })
          .join(separator);
      }
      case 'sum':
        return this.total;
      case 'average':
        // An average of nothing is NaN in n8n, which JSON writes as null.
        return this.numbers === 0 ? null : this.total / this.numbers;
      case 'min':
      case 'max':
        return this.best ?? null;
      case 'countUnique':
        return this.unique.size;
      default:
        return this.kept;
    }
  }
}

/** A group being filled: its aggregations and the input items it holds. */
interface OpenLeaf {
  accumulators: Accumulator[];
  pairedItems: number[];
}

interface OpenSplit {
  fieldName: string;
  splits: Map<Value, OpenNode>;
}

type OpenNode = OpenLeaf | OpenSplit;

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

/**
 * Summarize's work, item by item: each item goes down its split groups (first appearance
 * first, as n8n's grouping) into one group's accumulators. `rawFieldNames` for Item Lists v1.
 */
class Summary {
  private readonly options: Options;
  private readonly splitKeys: string[];
  private readonly aggregations: Aggregation[];
  private readonly failOnMissing: boolean;
  private readonly root: OpenNode;
  /** Per aggregation: whether any item had its field (n8n v1 fails when none had). */
  private readonly seen: boolean[];
  private count = 0;

  constructor(private readonly ctx: NodeContext, private readonly rawFieldNames: boolean) {
    const rawOptions = objectParam(ctx, 'options', 0);
    this.options = {
      disableDotNotation: rawOptions.disableDotNotation === true,
      singleItem: rawOptions.outputFormat === 'singleItem',
      skipEmptySplitFields: rawOptions.skipEmptySplitFields === true,
      stringKeys: ctx.node.typeVersion === 1,
      rawFieldNames,
    };
    this.splitKeys = stringParam(ctx, 'fieldsToSplitBy', 0, '')
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field);
    this.aggregations = readAggregations(ctx);
    this.failOnMissing = ctx.node.typeVersion === 1 && rawOptions.continueIfFieldNotFound !== true;
    this.seen = this.aggregations.map(() => false);
    this.root = this.openNode(0);
  }

  private openNode(level: number): OpenNode {
    const fieldName = this.splitKeys[level];
    if (fieldName === undefined) return { accumulators: this.aggregations.map((entry) => new Accumulator(entry)), pairedItems: [] };
    return { fieldName, splits: new Map() };
  }

  add(json: JsonObject, index: number): void {
    this.count += 1;
    const { options } = this;
    if (this.failOnMissing) {
      this.aggregations.forEach(({ field }, position) => {
        if (!this.seen[position] && field !== '' && valueOf(json, index, field, options) !== undefined) this.seen[position] = true;
      });
    }
    let node = this.root;
    let level = 0;
    while ('splits' in node) {
      let key: Value = valueOf(json, index, node.fieldName, options);
      if (key && typeof key === 'object') key = JSON.stringify(key);
      if (options.stringKeys) key = String(key);
      if (options.skipEmptySplitFields && typeof key !== 'number' && !key) return;
      level += 1;
      let next = node.splits.get(key);
      if (!next) {
        next = this.openNode(level);
        node.splits.set(key, next);
      }
      node = next;
    }
    node.pairedItems.push(index);
    this.aggregations.forEach((entry, position) => node.accumulators[position]?.add(valueOf(json, index, entry.field, options)));
  }

  private close(node: OpenNode): Result {
    if ('splits' in node) {
      const splits = new Map<Value, Result>();
      for (const [key, inner] of node.splits) splits.set(key, this.close(inner));
      return { fieldName: node.fieldName, splits };
    }
    const returnData: JsonObject = {};
    this.aggregations.forEach((entry, position) => {
      const name = `${DISPLAY_PREFIX[entry.aggregation] ?? 'undefined'}${entry.field}`;
      returnData[this.rawFieldNames ? name : normalizeFieldName(name)] = node.accumulators[position]?.result() ?? null;
    });
    return { returnData, pairedItems: node.pairedItems };
  }

  finish(): NodeResult {
    this.aggregations.forEach(({ field }, position) => {
      if (this.failOnMissing && field !== '' && !this.seen[position]) {
        throw new NodeOperationError(this.ctx.node.name, `The field '${field}' does not exist in any items`);
      }
    });
    const result = this.close(this.root);
    if (this.options.singleItem) return [[{ json: toObject(result), pairedItem: Array.from({ length: this.count }, (_, item) => ({ item })) }]];
    return [toLeaves(result, this.rawFieldNames).map((leaf) => ({ json: leaf.returnData, pairedItem: leaf.pairedItems.map((item) => ({ item })) }))];
  }
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

/** Summarize's work; `rawFieldNames` for Item Lists v1 (see Options). */
export async function summarizeItems(ctx: NodeContext, rawFieldNames = false): Promise<NodeResult> {
  const summary = new Summary(ctx, rawFieldNames);
  ctx.getInputItems().forEach((item, index) => summary.add(item.json, index));
  return summary.finish();
}

/** Summarize fed in batches by a streaming node (Extract from File's CSV rows). */
function summarizeStream(ctx: NodeContext): ItemSink {
  const summary = new Summary(ctx, false);
  return {
    add: (batch, firstIndex) => batch.forEach((item, offset) => summary.add(item.json, firstIndex + offset)),
    finish: () => Promise.resolve(summary.finish()),
  };
}

export const summarizeNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.summarize',
  aliases: ['summarize'],
  displayName: 'Summarize',
  versions: [1, 1.1],
  execute: (ctx) => summarizeItems(ctx),
  consumeStream: summarizeStream,
};
