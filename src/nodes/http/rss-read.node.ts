import type RssParser from 'rss-parser';
import { NodeOperationError } from '../../errors';
import type { JsonObject } from '../../workflow/json';
import type { Item, PairedItem } from '../../contracts/run-data';
import type { HttpClient } from '../../contracts/node-services';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import { lazyLibrary } from '../lazy-library';
import { objectParam, stringParam } from '../transform/utils/params';
import { FetchHttpClient } from './fetch-client';

/**
 * RSS Read (n8n-nodes-base.rssFeedRead v1, v1.1, v1.2): fetches a feed and gives one item per
 * entry, parsed by rss-parser 3.13.0 (n8n's parser, so fields and values match). v1 reads only
 * the first input item's URL (its entries pair with every input item); v1.1 reads every item's;
 * v1.2 asks for Atom and RDF feeds too.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rssParser = lazyLibrary(() => require('rss-parser') as typeof RssParser);
const fallbackClient = new FetchHttpClient();
const TIMEOUT_MS = 300_000;
const STRICT_ACCEPT = 'application/rss+xml';
const RELAXED_ACCEPT = 'application/rss+xml, application/rdf+xml;q=0.8, application/atom+xml;q=0.6, application/xml;q=0.4, text/xml;q=0.4';
/** XML names that would reach Object.prototype once parsed (n8n's sanitizeXmlName). */
const DANGEROUS_XML_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const sanitizeXmlName = (name: string): string => (DANGEROUS_XML_NAMES.has(name) ? `sanitized_${name}` : name);

function isValidUrl(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** The feed's text; a status outside 2xx fails as n8n's HTTP helper does. */
async function fetchFeed(ctx: NodeContext, client: HttpClient, url: string): Promise<string> {
  const accept = ctx.node.typeVersion >= 1.2 ? RELAXED_ACCEPT : STRICT_ACCEPT;
  const response = await client.request({ method: 'GET', url, headers: { 'User-Agent': 'rss-parser', Accept: accept }, timeoutMs: TIMEOUT_MS, signal: ctx.signal });
  if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`Request failed with status code ${response.statusCode}`);
  return response.body.toString('utf8');
}

async function readFeed(ctx: NodeContext, client: HttpClient, itemIndex: number): Promise<JsonObject[]> {
  const url = stringParam(ctx, 'url', itemIndex, '');
  const options = objectParam(ctx, 'options', itemIndex);
  if (!url) throw new NodeOperationError(ctx.node.name, 'The parameter "URL" has to be set!', { itemIndex });
  if (!isValidUrl(url)) throw new NodeOperationError(ctx.node.name, 'The provided "URL" is not valid!', { itemIndex });
  try {
    const xml = await fetchFeed(ctx, client, url);
    const customFields = typeof options.customFields === 'string' && options.customFields !== '' ? options.customFields.split(',').map((field) => field.trim()) : undefined;
    const Parser = rssParser();
    const parser = new Parser({
      xml2js: { tagNameProcessors: [sanitizeXmlName], attrNameProcessors: [sanitizeXmlName] },
      ...(customFields ? { customFields: { item: customFields } } : {}),
    });
    const feed = await parser.parseString(xml);
    // Entries as JSON (fields rss-parser leaves undefined are dropped, as in n8n's stored run).
    return (feed.items ?? []).map((entry) => JSON.parse(JSON.stringify(entry)) as JsonObject);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if ((error as { code?: string }).code === 'ECONNREFUSED' || (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
      throw new NodeOperationError(ctx.node.name, `It was not possible to connect to the URL. Please make sure the URL "${url}" it is valid!`, { itemIndex });
    }
    throw new NodeOperationError(ctx.node.name, (error as Error).message, { itemIndex, cause: error });
  }
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const client = ctx.services.http ?? fallbackClient;
  const items = ctx.getInputItems();
  const perItem = ctx.node.typeVersion >= 1.1;
  const count = perItem ? items.length : Math.min(items.length, 1);
  const allInputs: PairedItem[] = items.map((_item, item) => ({ item }));
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < count; itemIndex++) {
    const pairedItem = perItem ? [{ item: itemIndex }] : allInputs;
    try {
      for (const json of await readFeed(ctx, client, itemIndex)) output.push({ json, pairedItem });
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      output.push({ json: { error: (error as Error).message }, pairedItem });
    }
  }
  return [output];
}

export const rssReadNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.rssFeedRead',
  aliases: ['rssFeedRead'],
  displayName: 'RSS Read',
  versions: [1, 1.1, 1.2],
  execute,
};
