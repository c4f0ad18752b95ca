import type { JsonObject } from '../../../workflow/json';
import { isJsonObject } from '../../../workflow/json';
import type { BinaryData, Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import { deepMerge, shallowMerge } from '../utils/deep-merge';
import { objectParam } from '../utils/params';

/** Merge's "Clash Handling" option (`options.clashHandling.values`). */
export interface ClashOptions {
  /** addSuffix, preferInput1, preferLast (v3) / preferInput2 (v2), or preferInputN (position). */
  resolveClash?: string;
  mergeMode?: string;
  overrideEmpty?: boolean;
}

export function readClashOptions(ctx: NodeContext): ClashOptions {
  const raw = objectParam(ctx, 'options.clashHandling.values', 0);
  if (!isJsonObject(raw)) return {};
  const options: ClashOptions = {};
  if (typeof raw.resolveClash === 'string' && raw.resolveClash !== '') options.resolveClash = raw.resolveClash;
  if (typeof raw.mergeMode === 'string') options.mergeMode = raw.mergeMode;
  if (typeof raw.overrideEmpty === 'boolean') options.overrideEmpty = raw.overrideEmpty;
  return options;
}

export type MergeObjects = (sources: Array<JsonObject | undefined>) => JsonObject;

/** n8n's selectMergeMethod: deep merge unless "Shallow Merge" is chosen. */
export function mergeMethodFor(options: ClashOptions): MergeObjects {
  const keepEmpty = options.overrideEmpty === true;
  if (options.mergeMode === 'shallowMerge') return (sources) => shallowMerge(sources, keepEmpty);
  return (sources) => deepMerge(sources, keepEmpty);
}

/** Binary data is always deep merged (lodash merge), later sources winning. */
export function mergeBinaries(sources: Array<Item['binary']>): Record<string, BinaryData> {
  const result: Record<string, BinaryData> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) result[key] = { ...(result[key] ?? {}), ...value };
  }
  return result;
}

/** n8n's addSuffixToEntriesKeys: every top-level field `x` becomes `x_<suffix>`. */
export function addSuffixToKeys(items: Item[], suffix: string): Item[] {
  return items.map((item) => {
    const json: JsonObject = {};
    for (const [key, value] of Object.entries(item.json)) json[`${key}_${suffix}`] = value;
    return { ...item, json };
  });
}
