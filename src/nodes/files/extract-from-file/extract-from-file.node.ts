import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { readString } from '../../core/shared/node-helpers';
import { spreadsheetToItems } from '../shared/spreadsheet-read';
import { extractPdf } from './pdf-text';
import { fileToProperty, type MoveToOperation } from './text-to-json';

/** n8n's Extract from File (typeVersions 1 and 1.1): rows of CSV/XLSX/ODS/..., JSON, text, base64, PDF text. */

const SPREADSHEETS = ['csv', 'html', 'rtf', 'ods', 'xls', 'xlsx'];
const MOVE_TO: MoveToOperation[] = ['binaryToPropery', 'fromJson', 'text', 'xml'];

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'csv');
  // v1.1 fails on CSV errors in small files too; v1 ignored them.
  if (SPREADSHEETS.includes(operation)) return [await spreadsheetToItems(ctx, items, 'operation', ctx.node.typeVersion > 1)];
  if ((MOVE_TO as string[]).includes(operation)) return [await fileToProperty(ctx, items, operation as MoveToOperation)];
  if (operation === 'pdf') return [await extractPdf(ctx, items)];
  if (operation === 'fromIcs') {
    throw new NodeOperationError(ctx.node.name, 'Extract from File: the "Extract From ICS" operation is not supported by this service', {
      description: 'Use "Extract From Text File" and parse the calendar text in a Code node',
    });
  }
  return [[]];
}

export const extractFromFileNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.extractFromFile',
  aliases: ['extractFromFile'],
  displayName: 'Extract from File',
  versions: [1, 1.1],
  execute,
};
