import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError, errorMessage } from '../../../errors';
import { readObject, readString } from '../../core/shared/node-helpers';
import { spreadsheetToItems } from '../shared/spreadsheet-read';
import { SPREADSHEET_FORMATS, itemsToSpreadsheet, type SpreadsheetFormat } from '../shared/spreadsheet-write';

/**
 * n8n's legacy Spreadsheet File: v2 reads CSV with csv-parse and the rest with SheetJS; v1
 * reads everything with SheetJS. Both write every item as a row of one sheet.
 */
async function toFile(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const pairedItem = items.map((_, item) => ({ item }));
  try {
    const property = readString(ctx, 'binaryPropertyName', 0, 'data');
    const format = readString(ctx, 'fileFormat', 0, 'xlsx');
    if (!(SPREADSHEET_FORMATS as readonly string[]).includes(format)) throw new NodeOperationError(ctx.node.name, `The file format "${format}" is not supported!`);
    const options = readObject(ctx, 'options', 0);
    // v1 had no delimiter option.
    if (ctx.node.typeVersion === 1) delete options.delimiter;
    const binary = await itemsToSpreadsheet(ctx, items, format as SpreadsheetFormat, options, 'spreadsheet');
    return [{ json: {}, binary: { [property]: binary }, pairedItem }];
  } catch (error) {
    if (ctx.continueOnFail()) return [{ json: { error: errorMessage(error) }, pairedItem }];
    throw error;
  }
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'fromFile');
  if (operation === 'fromFile') return [await spreadsheetToItems(ctx, ctx.node.typeVersion === 1 ? 'sheetjs' : 'fileFormat', false)];
  if (operation === 'toFile') return [await toFile(ctx, items)];
  throw new NodeOperationError(ctx.node.name, `The operation "${operation}" is not supported!`);
}

export const spreadsheetFileNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.spreadsheetFile',
  aliases: ['spreadsheetFile'],
  displayName: 'Spreadsheet File',
  versions: [1, 2],
  execute,
};
