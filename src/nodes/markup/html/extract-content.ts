import type * as CheerioLibrary from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import { lazyLibrary } from '../../lazy-library';
import type { AnyNode } from 'domhandler';
import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, inputBinary } from '../../binary-helpers';
import { getPath } from '../../core/shared/object-path';
import { readObject, readString } from '../../core/shared/node-helpers';
import { readExtractionValues, type ExtractionValue } from './extraction-values';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cheerio = lazyLibrary(() => require('cheerio') as typeof CheerioLibrary);

/**
 * Extract HTML Content, shared by the HTML node and the legacy HTML Extract node: load each
 * HTML text with cheerio, run every CSS selector, and read text, HTML, an attribute or a
 * form value from what matched. The two nodes differ only in where the HTML is read from
 * and how a value is cleaned (`ValueReader`).
 */

/** Reads one value from a selection; `undefined` leaves the key out of the item. */
export type ValueReader = (selection: Cheerio<AnyNode>, row: ExtractionValue, options: JsonObject) => string | undefined;

/** Where the HTML of a JSON item is: a lodash path, or (HTML v1) one key, `['key']` unwrapped. */
export type JsonSource = (json: JsonObject, property: string) => JsonValue | undefined;

export const pathSource: JsonSource = (json, property) => getPath(json, property);

export const keySource: JsonSource = (json, property) => {
  if (json[property] !== undefined) return json[property];
  const bracketed = /^\[(['"])(.*)\1\]$/.exec(property);
  return bracketed ? json[bracketed[2]] : undefined;
};

/** cheerio's `.val()`, a multiple select's values joined with commas. */
export function formValue(selection: Cheerio<AnyNode>): string | undefined {
  const value = selection.val();
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

async function htmlTexts(ctx: NodeContext, item: Item, itemIndex: number, source: JsonSource): Promise<JsonValue[]> {
  const property = readString(ctx, 'dataPropertyName', itemIndex, 'data');
  let html: JsonValue | undefined;
  if (readString(ctx, 'sourceData', itemIndex, 'json') === 'json') {
    html = source(item.json, property);
    if (html === undefined) {
      throw new NodeOperationError(ctx.node.name, `No property named "${property}" exists!`, { itemIndex });
    }
  } else {
    html = (await binaryToBuffer(ctx, inputBinary(ctx, item, itemIndex, property), itemIndex)).toString('utf-8');
  }
  // A list of HTML texts gives one item per text.
  return Array.isArray(html) ? html : [html];
}

function extractFrom($: CheerioAPI, rows: ExtractionValue[], options: JsonObject, read: ValueReader): JsonObject {
  const json: Record<string, JsonValue | undefined> = {};
  for (const row of rows) {
    const selection = $(row.cssSelector);
    if (row.returnArray) {
      json[row.key] = selection.toArray().map((element) => read($(element), row, options) as JsonValue);
    } else {
      json[row.key] = read(selection, row, options);
    }
  }
  // Undefined values stay as keys until the item is serialised, then vanish, as in n8n.
  return json as JsonObject;
}

/** The items extracted from one input item (one per HTML text found on it). */
export async function extractItem(
  ctx: NodeContext,
  item: Item,
  itemIndex: number,
  reading: { source: JsonSource; read: ValueReader; defaultValues: JsonValue },
): Promise<Item[]> {
  const { source, read } = reading;
  const rows = readExtractionValues(ctx.getParam('extractionValues', itemIndex, reading.defaultValues));
  const options = readObject(ctx, 'options', itemIndex);
  const texts = await htmlTexts(ctx, item, itemIndex, source);
  // n8n iterates `extractionValues.values` directly; without rows that is a TypeError.
  if (rows === undefined && texts.length > 0) throw new TypeError('extractionValues.values is not iterable');
  return texts.map((html) => ({
    json: extractFrom(cheerio().load(html as string), rows ?? [], options, read),
    pairedItem: { item: itemIndex },
  }));
}
