import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { BinaryData, Item, PairedItem } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { fieldList } from './utils/items';
import { readField, setPath } from './utils/object-path';
import { asObject, booleanParam, listParam, stringParam, valueParam } from './utils/params';

/** Aggregate (n8n-nodes-base.aggregate v1): many items into one, by field or whole items. */

interface FieldToAggregate {
  fieldToAggregate: string;
  renameField: boolean;
  outputFieldName: string;
}

function readFieldsToAggregate(ctx: NodeContext): FieldToAggregate[] {
  const list = listParam(ctx, 'fieldsToAggregate.fieldToAggregate', 0);
  if (list.length === 0) {
    throw new NodeOperationError(ctx.node.name, 'No fields specified', { description: 'Please add a field to aggregate' });
  }
  return list.map((entry) => {
    const field = asObject(entry);
    const renameField = field.renameField === true;
    return {
      fieldToAggregate: String(field.fieldToAggregate ?? ''),
      renameField,
      // "Output Field Name" only exists while "Rename Field" is on.
      outputFieldName: renameField ? String(field.outputFieldName ?? '') : '',
    };
  });
}

function aggregateIndividualFields(ctx: NodeContext, items: Item[]): Item {
  const disableDotNotation = booleanParam(ctx, 'options.disableDotNotation', 0);
  const mergeLists = booleanParam(ctx, 'options.mergeLists', 0);
  const keepMissing = booleanParam(ctx, 'options.keepMissing', 0);
  const fields = readFieldsToAggregate(ctx);
  const values: Record<string, JsonValue[]> = {};
  const outputFields: string[] = [];
  for (const { fieldToAggregate, renameField, outputFieldName } of fields) {
    const field = renameField ? outputFieldName : fieldToAggregate;
    if (outputFields.includes(field)) {
      throw new NodeOperationError(ctx.node.name, `The '${field}' output field is used more than once`, {
        description: 'Please make sure each output field name is unique',
      });
    }
    outputFields.push(field);
    if (fieldToAggregate === '') continue;
    const defaultName = !disableDotNotation && fieldToAggregate.includes('.') ? (fieldToAggregate.split('.').pop() as string) : fieldToAggregate;
    const name = outputFieldName || defaultName;
    const collected: JsonValue[] = (values[name] = []);
    for (const item of items) {
      let value = readField(item.json, fieldToAggregate, disableDotNotation);
      if (!keepMissing) {
        if (Array.isArray(value)) value = value.filter((entry) => entry !== null);
        else if (value === null || value === undefined) continue;
      }
      // A kept missing value is n8n's undefined, which JSON writes as null inside a list.
      if (Array.isArray(value) && mergeLists) collected.push(...value);
      else collected.push(value === undefined ? null : value);
    }
  }
  const json: JsonObject = {};
  for (const [key, list] of Object.entries(values)) {
    if (disableDotNotation) json[key] = list;
    else setPath(json, key, list);
  }
  return { json, pairedItem: items.map((_, index) => ({ item: index })) };
}

function aggregateAllItemData(ctx: NodeContext, items: Item[]): Item {
  const destinationFieldName = stringParam(ctx, 'destinationFieldName', 0, 'data');
  const include = stringParam(ctx, 'include', 0, 'allFields');
  const nodeName = ctx.node.name;
  const excluded = include === 'allFieldsExcept' ? fieldList(nodeName, valueParam(ctx, 'fieldsToExclude', 0), 'Fields To Exclude') : [];
  const included = include === 'specifiedFields' ? fieldList(nodeName, valueParam(ctx, 'fieldsToInclude', 0), 'Fields To Include') : [];
  if (excluded.length === 0 && included.length === 0) {
    return {
      json: { [destinationFieldName]: items.map((item) => item.json) },
      pairedItem: items.map((_, index) => ({ item: index })),
    };
  }
  const list: JsonObject[] = [];
  const pairedItem: PairedItem[] = [];
  items.forEach((item, index) => {
    const picked: JsonObject = {};
    for (const key of Object.keys(item.json)) {
      if (excluded.includes(key)) continue;
      if (included.length > 0 && !included.includes(key)) continue;
      picked[key] = item.json[key];
    }
    if (Object.keys(picked).length === 0) return;
    list.push(picked);
    pairedItem.push({ item: index });
  });
  return { json: { [destinationFieldName]: list }, pairedItem };
}

/** n8n's addBinariesToItem: every aggregated item's files, renamed `key_1`... on clashes. */
function addBinaries(target: Item, sources: Item[], uniqueOnly: boolean): void {
  const seen: BinaryData[] = [];
  const isDuplicate = (binary: BinaryData): boolean =>
    seen.some(
      (other) =>
        other.mimeType === binary.mimeType &&
        other.fileType === binary.fileType &&
        other.fileSize === binary.fileSize &&
        other.fileExtension === binary.fileExtension,
    );
  for (const source of sources) {
    for (const [key, binary] of Object.entries(source.binary ?? {})) {
      if (uniqueOnly) {
        if (isDuplicate(binary)) continue;
        seen.push(binary);
      }
      const binaries = (target.binary ??= {});
      let name = key;
      for (let suffix = 1; binaries[name] !== undefined; suffix++) name = `${key}_${suffix}`;
      binaries[name] = binary;
    }
  }
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = ctx.getInputItems();
  const mode = stringParam(ctx, 'aggregate', 0, 'aggregateIndividualFields');
  const output = mode === 'aggregateIndividualFields' ? aggregateIndividualFields(ctx, items) : aggregateAllItemData(ctx, items);
  if (booleanParam(ctx, 'options.includeBinaries', 0)) {
    const pairedItems = Array.isArray(output.pairedItem) ? output.pairedItem : [];
    addBinaries(output, pairedItems.map((paired) => items[paired.item]), booleanParam(ctx, 'options.keepOnlyUnique', 0));
  }
  return [[output]];
}

export const aggregateNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.aggregate',
  aliases: ['aggregate'],
  displayName: 'Aggregate',
  versions: [1],
  execute,
};
