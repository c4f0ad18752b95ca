import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../../contracts/node-type';
import { errorItem, readString, toNodeError } from '../../core/shared/node-helpers';
import { extractItem, keySource, pathSource } from './extract-content';
import { htmlNodeValueReader } from './html-values';
import { htmlTable } from './table';
import { renderTemplate } from './template';

/**
 * HTML (n8n-nodes-base.html v1, 1.1, 1.2): generate an HTML template, extract content with
 * CSS selectors (cheerio), or convert all items to one HTML table.
 */

function runItem(ctx: NodeContext, operation: string, item: Item, itemIndex: number): Item[] {
  const version = ctx.node.typeVersion;
  if (operation === 'generateHtmlTemplate') return [renderTemplate(ctx, itemIndex)];
  if (operation === 'extractHtmlContent') {
    return extractItem(ctx, item, itemIndex, {
      source: version === 1 ? keySource : pathSource,
      read: htmlNodeValueReader(version),
      // From v1.1 the editor starts the collection with one empty row; v1 starts it empty.
      defaultValues: version === 1 ? {} : { values: [{ key: '', cssSelector: '', returnValue: 'text', returnArray: false }] },
    });
  }
  return [];
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'generateHtmlTemplate');
  if (operation === 'convertToHtmlTable' && items.length > 0) return [[htmlTable(ctx, items)]];
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    try {
      output.push(...runItem(ctx, operation, item, itemIndex));
    } catch (error) {
      if (!ctx.continueOnFail()) throw toNodeError(ctx, error, { itemIndex });
      output.push(errorItem(error, itemIndex));
    }
  }
  return [output];
}

export const htmlNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.html',
  aliases: ['html'],
  displayName: 'HTML',
  versions: [1, 1.1, 1.2],
  execute,
};
