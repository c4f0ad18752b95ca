import type * as Xlsx from '@e965/xlsx';
import type { BookType, WritingOptions } from '@e965/xlsx';
import { lazyLibrary } from '../../lazy-library';
import type { BinaryData, Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject } from '../../../workflow/json';
import { prepareBinary } from '../../binary-helpers';
import { flattenObject } from './flatten';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const xlsx = lazyLibrary(() => require('@e965/xlsx') as typeof Xlsx);

export const SPREADSHEET_FORMATS = ['csv', 'html', 'rtf', 'ods', 'xls', 'xlsx'] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

/**
 * n8n's convertJsonToSpreadsheetBinary: every item one row (nested keys flattened to `a.b`),
 * one sheet, written by SheetJS as n8n does; the file is named `<default>.<format>` unless
 * the fileName option says otherwise.
 */
export async function itemsToSpreadsheet(ctx: NodeContext, items: Item[], format: SpreadsheetFormat, options: JsonObject, defaultFileName: string): Promise<BinaryData> {
  const rows = items.map((item) => flattenObject(item.json));
  const sheet = xlsx().utils.json_to_sheet(rows, options.headerRow === false ? { skipHeader: true } : undefined);
  const writing: WritingOptions = { bookType: format as BookType, bookSST: false, type: 'buffer' };
  if (format === 'csv' && typeof options.delimiter === 'string' && options.delimiter.length > 0) writing.FS = options.delimiter;
  if ((format === 'xlsx' || format === 'ods') && options.compression === true) writing.compression = true;
  const sheetName = typeof options.sheetName === 'string' && options.sheetName !== '' ? options.sheetName : 'Sheet';
  const buffer = xlsx().write({ SheetNames: [sheetName], Sheets: { [sheetName]: sheet } }, writing) as Buffer;
  const fileName = options.fileName !== undefined ? String(options.fileName) : `${defaultFileName}.${format}`;
  return prepareBinary(ctx, buffer, { filePath: fileName || undefined }, 0);
}
