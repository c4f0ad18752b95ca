import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { BinaryData, Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { cloneJson, fieldList } from './utils/items';
import { readField, unsetPath } from './utils/object-path';
import { objectParam, stringParam, valueParam } from './utils/params';

/** Split Out (n8n-nodes-base.splitOut v1): one output item per element of a list field. */

type Include = 'noOtherFields' | 'allOtherFields' | 'selectedOtherFields';

interface Entry {
  json: JsonObject;
  binary?: Record<string, BinaryData>;
}

/** What to split: the list itself, an object's values, or a single value as a one-element list. */
function elementsOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object') return [value];
  return Array.isArray(value) ? value : Object.values(value);
}

function splitItem(ctx: NodeContext, item: Item, itemIndex: number): Item[] {
  const nodeName = ctx.node.name;
  const fields = fieldList(nodeName, valueParam(ctx, 'fieldToSplitOut', itemIndex), 'Fields To Split Out').map((field) =>
    field.replace(/^\$json\./, ''),
  );
  const options = objectParam(ctx, 'options', itemIndex);
  const opts = isJsonObject(options) ? options : {};
  const disableDotNotation = opts.disableDotNotation === true;
  const destinations = String(opts.destinationFieldName ?? '')
    .split(',')
    .filter((field) => field.trim() !== '')
    .map((field) => field.trim());
  if (destinations.length > 0 && destinations.length !== fields.length) {
    throw new NodeOperationError(nodeName, 'If multiple fields to split out are given, the same number of destination fields must be given');
  }
  const include = stringParam(ctx, 'include', itemIndex, 'noOtherFields') as Include;
  const multiSplit = fields.length > 1;
  const source: JsonObject = { ...item.json };
  const entries: Entry[] = [];

  fields.forEach((field, fieldIndex) => {
    const destination = destinations[fieldIndex] ?? '';
    const fieldName = destination || field;
    if (field === '$binary') {
      Object.entries(item.binary ?? {}).forEach(([key, binary], index) => {
        const entry = (entries[index] ??= { json: {} });
        entry.binary = { ...(entry.binary ?? {}), [key]: binary };
      });
      return;
    }
    elementsOf(readField(source, field, disableDotNotation)).forEach((element, index) => {
      const entry = (entries[index] ??= { json: {} });
      if (element !== null && typeof element === 'object' && include === 'noOtherFields' && destination === '' && !multiSplit) {
        // An array element spreads into index keys, as n8n's object spread does.
        const spread = Array.isArray(element) ? Object.fromEntries(element.map((value, key) => [String(key), value])) : element;
        entries[index] = { json: { ...entry.json, ...spread } };
      } else {
        entry.json[fieldName] = element;
      }
    });
  });

  const includeBinary = opts.includeBinary === true;
  return entries.map((entry) => {
    let json = entry.json;
    if (include === 'allOtherFields') {
      const rest = cloneJson(source);
      for (const field of fields) {
        if (disableDotNotation) delete rest[field];
        else unsetPath(rest, field);
      }
      json = { ...rest, ...entry.json };
    } else if (include === 'selectedOtherFields') {
      const selected = fieldList(nodeName, valueParam(ctx, 'fieldsToInclude', itemIndex), 'Fields To Include');
      if (selected.length === 0) {
        throw new NodeOperationError(nodeName, 'No fields specified', { description: 'Please add a field to include' });
      }
      for (const field of selected) {
        const value = readField(source, field, disableDotNotation);
        // n8n assigns undefined for a missing field, which JSON drops.
        if (value !== undefined) json[field] = value;
      }
    }
    const output: Item = { json, pairedItem: { item: itemIndex } };
    if (entry.binary) output.binary = entry.binary;
    else if (includeBinary && item.binary) output.binary = item.binary;
    return output;
  });
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  return [ctx.getInputItems().flatMap((item, itemIndex) => splitItem(ctx, item, itemIndex))];
}

export const splitOutNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.splitOut',
  aliases: ['splitOut'],
  displayName: 'Split Out',
  versions: [1],
  execute,
};
