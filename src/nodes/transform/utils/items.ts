import { NodeOperationError } from '../../../errors';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { Item, PairedItem } from '../../../contracts/run-data';

/**
 * n8n rewrites every input item's `pairedItem` to `{item: index, input}` before a node runs
 * (WorkflowExecute.addPairedItemLineage); nodes then copy those along. Our engine hands the
 * items over as produced, so nodes apply the same lineage themselves.
 */
export function withLineage(items: Item[], inputIndex = 0): Item[] {
  return items.map((item, index) => ({
    ...item,
    pairedItem: inputIndex === 0 ? { item: index } : { item: index, input: inputIndex },
  }));
}

/** n8n's preparePairedItemDataArray: any pairedItem shape as an array. */
export function pairedItemList(pairedItem: Item['pairedItem']): PairedItem[] {
  if (pairedItem === undefined) return [];
  if (typeof pairedItem === 'number') return [{ item: pairedItem }];
  return Array.isArray(pairedItem) ? pairedItem : [pairedItem];
}

/** n8n's prepareFieldsArray: "a, b" or ["a", "b"] as a list of field names. */
export function fieldList(nodeName: string, value: JsonValue | undefined, label: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }
  if (Array.isArray(value)) return value.map((entry) => String(entry));
  throw new NodeOperationError(
    nodeName,
    `The '${label}' parameter must be a string of fields separated by commas or an array of strings.`,
  );
}

/** Deep copy of a JSON value (items handed downstream must not share nested objects). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** n8n's flattenKeys: `{a: {b: 1}, c: [2]}` -> `{"a.b": 1, "c.0": 2}`; empty objects vanish. */
export function flattenKeys(value: JsonValue, prefix: string[] = [], into: JsonObject = {}): JsonObject {
  if (value === null || typeof value !== 'object') {
    into[prefix.join('.')] = value;
    return into;
  }
  const entries = Array.isArray(value) ? value.map((child, index) => [String(index), child] as const) : Object.entries(value);
  for (const [key, child] of entries) flattenKeys(child, [...prefix, key], into);
  return into;
}
