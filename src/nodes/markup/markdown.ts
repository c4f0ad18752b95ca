import type * as HtmlMarkdown from 'node-html-markdown';
import type { NodeHtmlMarkdownOptions } from 'node-html-markdown';
import { lazyLibrary } from '../lazy-library';
import { Converter } from 'showdown';
import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { copyJson, isJsonObjectValue } from '../core/shared/json-values';
import { errorItem, readObject, readString, toNodeError } from '../core/shared/node-helpers';
import { setPath } from '../core/shared/object-path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const htmlMarkdown = lazyLibrary(() => require('node-html-markdown') as typeof HtmlMarkdown);

/**
 * Markdown (n8n-nodes-base.markdown v1): Markdown to HTML with showdown, HTML to Markdown with
 * node-html-markdown, the libraries and versions n8n uses, so the text is the same byte for
 * byte. The result goes into a copy of the item at `destinationKey` (a lodash path).
 */

const MODES = ['markdownToHtml', 'htmlToMarkdown'];

/** A `{pattern, replacement}` pair as node-html-markdown takes it, or undefined when unset. */
function patternPair(value: JsonValue | undefined): [string, string] | undefined {
  if (!isJsonObjectValue(value) || Object.keys(value).length === 0) return undefined;
  return [value.pattern as string, value.replacement as string];
}

function splitList(value: JsonValue | undefined): string[] | undefined {
  return value ? String(value).split(',').map((element) => element.trim()) : undefined;
}

/**
 * n8n turns its option collection into node-html-markdown options and then keeps only the
 * truthy ones (so `maxConsecutiveNewlines: 0` means the library default).
 */
function htmlToMarkdownOptions(options: JsonObject): Partial<NodeHtmlMarkdownOptions> {
  const textReplace = isJsonObjectValue(options.textReplace) ? options.textReplace.values : undefined;
  const converted: Record<string, unknown> = {
    ...options,
    textReplace:
      Array.isArray(textReplace) && textReplace.length > 0
        ? textReplace.map((entry) => patternPair(entry) ?? [undefined, undefined])
        : undefined,
    lineStartEscape: patternPair(isJsonObjectValue(options.lineStartEscape) ? options.lineStartEscape.value : undefined),
    globalEscape: patternPair(isJsonObjectValue(options.globalEscape) ? options.globalEscape.value : undefined),
    ignore: splitList(options.ignore),
    blockElements: splitList(options.blockElements),
  };
  return Object.fromEntries(Object.entries(converted).filter(([, value]) => Boolean(value))) as Partial<NodeHtmlMarkdownOptions>;
}

function markdownToHtml(markdown: JsonValue | undefined, options: JsonObject): JsonValue | undefined {
  const converter = new Converter();
  for (const [key, value] of Object.entries(options)) converter.setOption(key, value);
  // showdown hands back a falsy input as it is (an absent field stays absent).
  return converter.makeHtml(markdown as string) as JsonValue | undefined;
}

/**
 * The text to convert: '' when the parameter is not set (its default), but undefined when an
 * expression gives undefined, which the libraries then fail on as in n8n.
 */
function textParam(ctx: NodeContext, name: string, itemIndex: number): JsonValue | undefined {
  if (ctx.getRawParam(name) === undefined) return '';
  return ctx.getParam<JsonValue | undefined>(name, itemIndex, undefined);
}

function convertItem(ctx: NodeContext, mode: string, item: Item, itemIndex: number): JsonObject | undefined {
  // n8n's node produces nothing for an item when the mode is none of its two.
  if (!MODES.includes(mode)) return undefined;
  const destinationKey = readString(ctx, 'destinationKey', itemIndex, 'data');
  const options = readObject(ctx, 'options', itemIndex);
  let converted: JsonValue | undefined;
  if (mode === 'htmlToMarkdown') {
    const html = textParam(ctx, 'html', itemIndex);
    converted = htmlMarkdown().NodeHtmlMarkdown.translate(html as string, htmlToMarkdownOptions(options));
  } else {
    converted = markdownToHtml(textParam(ctx, 'markdown', itemIndex), options);
  }
  const json = copyJson(item.json);
  // An undefined result is written as such and vanishes when the item is serialised, as in n8n.
  setPath(json, destinationKey, converted as JsonValue);
  return json;
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const mode = readString(ctx, 'mode', 0, 'htmlToMarkdown');
  const output: Item[] = [];
  for (const [itemIndex, item] of ctx.getInputItems().entries()) {
    try {
      const json = convertItem(ctx, mode, item, itemIndex);
      if (json) output.push({ json });
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      // n8n returns these as plain JSON; the engine pairs them with their input item.
      output.push(errorItem(error));
    }
  }
  return [output];
}

export const markdownNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.markdown',
  aliases: ['markdown'],
  displayName: 'Markdown',
  versions: [1],
  execute,
};
