import { errorMessage } from '../../errors';
import type { Item } from '../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import { safeRegexReplace, safeRegexTest } from '../core/shared/safe-regex';
import { cloneJson } from './utils/items';
import { getPath, setPath, unsetPath } from './utils/object-path';
import { listParam } from './utils/params';

/**
 * n8n's Rename Keys (v1): renames fields by path (`a.b` -> `c`), then renames keys that match
 * regular expressions, down to a chosen depth (-1: all levels).
 */

function renameByPath(json: JsonObject, original: JsonObject, row: JsonValue): void {
  if (!isJsonObject(row)) return;
  const currentKey = String(row.currentKey ?? '');
  const newKey = String(row.newKey ?? '');
  // Rows without both names, or renaming a key to itself, are ignored.
  if (currentKey === '' || newKey === '' || currentKey === newKey) return;
  // The value is read from the item as it came in, the write goes to the copy being built.
  const value = getPath(original, currentKey);
  if (value === undefined) return;
  setPath(json, newKey, value);
  unsetPath(json, currentKey);
}

function renameByRegex(json: JsonObject, row: JsonValue): JsonObject {
  const { searchRegex, replaceRegex, options } = isJsonObject(row) ? row : {};
  const settings = isJsonObject(options) ? options : {};
  const depth = typeof settings.depth === 'number' ? settings.depth : -1;
  // n8n passes `undefined` flags when not case-insensitive, which RegExp reads as none.
  const flags = settings.caseInsensitive ? 'i' : '';
  const pattern = String(searchRegex ?? '');
  const replacement = String(replaceRegex ?? '');
  const walk = (value: JsonValue, levels: number): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      // Array entries are walked into, never renamed.
      if (levels !== 0) value.forEach((entry) => walk(entry, levels - 1));
      return;
    }
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (typeof child === 'object' && levels !== 0) walk(child, levels - 1);
      if (!safeRegexTest(pattern, key, flags)) continue;
      const renamed = safeRegexReplace(pattern, key, flags, replacement);
      if (renamed === key) continue;
      value[renamed] = child;
      delete value[key];
    }
  };
  walk(json, depth);
  return json;
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const output: Item[] = [];
  ctx.getInputItems().forEach((item, itemIndex) => {
    try {
      const keys = listParam(ctx, 'keys.key', itemIndex);
      const replacements = listParam(ctx, 'additionalOptions.regexReplacement.replacements', itemIndex);
      let json = cloneJson(item.json);
      for (const row of keys) renameByPath(json, item.json, row);
      for (const row of replacements) json = renameByRegex(json, row);
      const renamed: Item = { json, pairedItem: { item: itemIndex } };
      if (item.binary !== undefined) renamed.binary = item.binary;
      output.push(renamed);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
    }
  });
  return [output];
}

export const renameKeysNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.renameKeys',
  aliases: ['renameKeys'],
  displayName: 'Rename Keys',
  versions: [1],
  execute,
};
