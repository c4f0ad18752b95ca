import type * as Xml2js from 'xml2js';
import type { BuilderOptions, ParserOptions } from 'xml2js';
import { lazyLibrary } from '../lazy-library';
import { NodeOperationError } from '../../errors';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { copyJson } from '../core/shared/json-values';
import { readObject, readString, toNodeError } from '../core/shared/node-helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = lazyLibrary(() => require('xml2js') as typeof Xml2js);

/**
 * XML (n8n-nodes-base.xml v1): XML text to JSON and JSON to XML with xml2js, the library and
 * version n8n uses, with n8n's parser defaults (attributes merged, no forced arrays).
 */

/** Names that would reach Object.prototype; xml2js keys get a `sanitized_` prefix instead. */
const DANGEROUS_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function sanitizeName(name: string): string {
  return DANGEROUS_NAMES.has(name) ? `sanitized_${name}` : name;
}

/** The options, with the attribute and character keys checked as n8n does before any item. */
function readOptions(ctx: NodeContext): JsonObject {
  const options = readObject(ctx, 'options', 0);
  for (const [key, label] of [
    ['attrkey', 'Attribute Key'],
    ['charkey', 'Character Key'],
  ] as const) {
    if (options[key] === undefined) continue;
    const value = String(options[key]);
    options[key] = value;
    if (DANGEROUS_NAMES.has(value)) {
      throw new NodeOperationError(ctx.node.name, `The "${label}" option value "${value}" is not allowed`);
    }
  }
  return options;
}

async function xmlToJson(ctx: NodeContext, item: Item, itemIndex: number, property: string, options: JsonObject): Promise<Item> {
  const parserOptions: ParserOptions = {
    mergeAttrs: true,
    explicitArray: false,
    ...(options as ParserOptions),
    tagNameProcessors: [sanitizeName],
    attrNameProcessors: [sanitizeName],
  };
  const text = item.json[property];
  if (text === undefined) {
    throw new NodeOperationError(ctx.node.name, `Item has no JSON property called "${property}"`, { itemIndex });
  }
  const parsed = (await new (xml2js().Parser)(parserOptions).parseStringPromise(text as string)) as JsonValue;
  // n8n returns the parsed document without pairing; the engine pairs it with its input item.
  return { json: copyJson(parsed) as JsonObject };
}

function jsonToXml(item: Item, itemIndex: number, property: string, options: JsonObject): Item {
  const xml = new (xml2js().Builder)(options as BuilderOptions).buildObject(item.json);
  return { json: { [property]: xml }, pairedItem: { item: itemIndex } };
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const mode = readString(ctx, 'mode', 0, 'xmlToJson');
  const property = readString(ctx, 'dataPropertyName', 0, 'data');
  const options = readOptions(ctx);
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      if (mode === 'xmlToJson') output.push(await xmlToJson(ctx, item, itemIndex, property, options));
      else if (mode === 'jsonToxml') output.push(jsonToXml(item, itemIndex, property, options));
      else throw new NodeOperationError(ctx.node.name, `The operation "${mode}" is not known!`, { itemIndex });
    } catch (error) {
      // n8n 2.40's XML node drops a failed item when it continues on fail: nothing reaches
      // the regular or the error output for it.
      if (ctx.continueOnFail()) continue;
      throw toNodeError(ctx, error, { itemIndex });
    }
  }
  return [output];
}

export const xmlNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.xml',
  aliases: ['xml'],
  displayName: 'XML',
  versions: [1],
  execute,
};
