import { AutomatorError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { composeItem, type ComposeOptions } from './compose-item';
import { expressionTemplate, parseJsonParameter, resolveJsonTemplate } from './json-parameter';
import { validateEntry } from './validate-entry';

/** Set v3 "Manual Mapping": `fields.values` (v3 to 3.2) or `assignments` (3.3 on). */

export interface ManualOptions extends ComposeOptions {
  ignoreConversionErrors?: boolean;
}

/** Defaults of a `fields.values` row whose value was left out. */
const FIELD_DEFAULTS: Record<string, JsonValue> = {
  stringValue: '',
  numberValue: '',
  booleanValue: 'true',
  arrayValue: '',
  objectValue: '={}',
};

/** Object fields written as expressions are resolved piece by piece (n8n's raw-expression path). */
function objectTemplates(ctx: NodeContext): Map<string, string> {
  const templates = new Map<string, string>();
  const rows = ctx.getRawParam('fields.values');
  if (!Array.isArray(rows)) return templates;
  for (const row of rows) {
    if (!isJsonObjectValue(row) || row.type !== 'objectValue' || typeof row.name !== 'string') continue;
    const template = expressionTemplate(row.objectValue ?? FIELD_DEFAULTS.objectValue);
    if (template !== undefined) templates.set(row.name, template);
  }
  return templates;
}

function fieldsFromRows(ctx: NodeContext, itemIndex: number, options: ManualOptions, templates: Map<string, string>): JsonObject {
  const rows = ctx.getParam<JsonValue | undefined>('fields.values', itemIndex, []);
  const fields: JsonObject = {};
  for (const row of Array.isArray(rows) ? rows : []) {
    const entry = isJsonObjectValue(row) ? row : {};
    const name = String(entry.name ?? '');
    const type = typeof entry.type === 'string' ? entry.type : 'stringValue';
    let value: JsonValue | undefined = type in entry ? entry[type] : FIELD_DEFAULTS[type];
    const template = templates.get(name);
    if (type === 'objectValue' && template !== undefined && value !== undefined && value !== null) {
      value = parseJsonParameter(resolveJsonTemplate(ctx, template, itemIndex), itemIndex, name);
    }
    const checked = validateEntry(name, type.replace('Value', ''), value, itemIndex, ctx.node.typeVersion, options.ignoreConversionErrors === true);
    fields[checked.name] = checked.value;
  }
  return fields;
}

export class MissingBinaryError extends AutomatorError {
  constructor(field: string) {
    super(`Could not find binary data specified in field ${field}`, 'bad_request');
  }
}

/** Binary assignments copy a binary property of the input item under a new name. */
function copyBinaryAssignments(item: Item, output: Item, binaryRows: JsonObject[]): void {
  for (const row of binaryRows) {
    const name = String(row.name ?? '');
    const source = typeof row.value === 'string' ? item.binary?.[row.value] : undefined;
    if (!source) throw new MissingBinaryError(name);
    output.binary = { ...(output.binary ?? {}), [name]: source };
  }
}

function itemFromAssignments(ctx: NodeContext, item: Item, itemIndex: number, options: ManualOptions, collection: unknown): Item {
  const rows = isJsonObjectValue(collection) && Array.isArray(collection.assignments) ? collection.assignments : [];
  const fields: JsonObject = {};
  const binaryRows: JsonObject[] = [];
  for (const row of rows) {
    const assignment = isJsonObjectValue(row) ? row : {};
    if (assignment.type === 'binary') {
      binaryRows.push(assignment);
      continue;
    }
    const type = typeof assignment.type === 'string' ? assignment.type : 'string';
    const checked = validateEntry(
      String(assignment.name ?? ''),
      type,
      assignment.value,
      itemIndex,
      ctx.node.typeVersion,
      options.ignoreConversionErrors === true,
    );
    fields[checked.name] = checked.value;
  }
  const output = composeItem(ctx, itemIndex, item, fields, options);
  copyBinaryAssignments(item, output, binaryRows);
  return output;
}

/** The seed's shorthand `{"values": {"name": value}}`: each entry is a field of its own JSON type. */
export function shorthandAssignments(values: JsonObject): JsonObject {
  const typeOf = (value: JsonValue): string => {
    if (Array.isArray(value)) return 'array';
    if (value === null) return 'string';
    return typeof value === 'object' ? 'object' : typeof value;
  };
  return {
    assignments: Object.entries(values).map(([name, value]) => ({ name, value, type: typeOf(value) })),
  };
}

export function prepareManualMode(ctx: NodeContext): (item: Item, itemIndex: number, options: ManualOptions) => Item {
  const version = ctx.node.typeVersion;
  if (version < 3.3) {
    const templates = objectTemplates(ctx);
    return (item, itemIndex, options) =>
      composeItem(ctx, itemIndex, item, fieldsFromRows(ctx, itemIndex, options, templates), options);
  }
  return (item, itemIndex, options) =>
    itemFromAssignments(ctx, item, itemIndex, options, ctx.getParam<JsonValue | undefined>('assignments', itemIndex, {}));
}

/** Manual mode for the shorthand: the `values` object read per item, expressions resolved. */
export function prepareShorthandMode(ctx: NodeContext): (item: Item, itemIndex: number, options: ManualOptions) => Item {
  return (item, itemIndex, options) => {
    const values = ctx.getParam<JsonValue | undefined>('values', itemIndex, {});
    const collection = shorthandAssignments(isJsonObjectValue(values) ? values : {});
    return itemFromAssignments(ctx, item, itemIndex, options, collection);
  };
}
