import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError } from '../../../errors';
import { readString } from '../../core/shared/node-helpers';
import { spreadsheetBatches, spreadsheetToItems } from '../shared/spreadsheet-read';
import { extractPdf } from './pdf-text';
import { fileToProperty, type MoveToOperation } from './text-to-json';

/** n8n's Extract from File (typeVersions 1 and 1.1): rows of CSV/XLSX/ODS/..., JSON, text, base64, PDF text. */

const SPREADSHEETS = ['csv', 'html', 'rtf', 'ods', 'xls', 'xlsx'];
const MOVE_TO: MoveToOperation[] = ['binaryToPropery', 'fromJson', 'text', 'xml'];

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'csv');
  // v1.1 fails on CSV errors in small files too; v1 ignored them.
  if (SPREADSHEETS.includes(operation)) return [await spreadsheetToItems(ctx, 'operation', ctx.node.typeVersion > 1)];
  if ((MOVE_TO as string[]).includes(operation)) return [await fileToProperty(ctx, items, operation as MoveToOperation)];
  if (operation === 'pdf') return [await extractPdf(ctx, items)];
  if (operation === 'fromIcs') {
    throw new NodeOperationError(ctx.node.name, 'Extract from File: the "Extract From ICS" operation is not supported by this service', {
      description: 'Use "Extract From Text File" and parse the calendar text in a Code node',
    });
  }
  return [[]];
}

/**
 * CSV rows can go to the next node in batches: only for files in the store (a small inline
 * file gains nothing, and v1 ignored CSV errors there).
 */
function streamOutput(ctx: NodeContext): AsyncIterable<Item[]> | undefined {
  if (readString(ctx, 'operation', 0, 'csv') !== 'csv') return undefined;
  const property = readString(ctx, 'binaryPropertyName', 0, 'data');
  const stored = ctx.getInputItems().every((item) => item.binary?.[property]?.id !== undefined);
  return stored ? spreadsheetBatches(ctx, 'operation', ctx.node.typeVersion > 1) : undefined;
}

export const extractFromFileNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.extractFromFile',
  aliases: ['extractFromFile'],
  displayName: 'Extract from File',
  versions: [1, 1.1],
  execute,
  streamOutput,
};
