import { parse as parseCsv, type Options as CsvOptions } from 'csv-parse';
import type * as Xlsx from '@e965/xlsx';
import type { ParsingOptions, Sheet2JSONOpts } from '@e965/xlsx';
import { lazyLibrary } from '../../lazy-library';
import { NodeOperationError } from '../../../errors';
import type { BinaryData, Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, binaryToStream, inputBinary } from '../../binary-helpers';
import { readObject, readString } from '../../core/shared/node-helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const xlsx = lazyLibrary(() => require('@e965/xlsx') as typeof Xlsx);

type Row = JsonObject | JsonValue[];

/**
 * CSV rows through csv-parse, streamed from the store (a large file is never one buffer), with
 * n8n's options; empty cells are dropped unless includeEmptyCells.
 */
async function csvRows(ctx: NodeContext, binary: BinaryData, options: JsonObject, itemIndex: number, failOnError: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const maxRowCount = typeof options.maxRowCount === 'number' ? options.maxRowCount : -1;
  const skipOption = (options.skipRecordsWithErrors as { value?: { enabled?: boolean; maxSkippedRecords?: number } } | undefined)?.value;
  const csvOptions: CsvOptions = {
    delimiter: typeof options.delimiter === 'string' && options.delimiter !== '' ? options.delimiter : undefined,
    from_line: typeof options.fromLine === 'number' ? options.fromLine : undefined,
    encoding: typeof options.encoding === 'string' ? (options.encoding as BufferEncoding) : undefined,
    bom: options.enableBOM === true,
    to: maxRowCount > -1 ? maxRowCount : undefined,
    skip_records_with_error: skipOption?.enabled === true,
    skip_empty_lines: true,
    columns: options.headerRow !== false,
    relax_quotes: options.relaxQuotes === true,
    on_record: (record: Record<string, string> | string[]) => {
      rows.push(options.includeEmptyCells === true || Array.isArray(record) ? record : Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')));
      return undefined;
    },
  };
  const parser = parseCsv(csvOptions);
  let skipped = 0;
  parser.on('skip', () => (skipped += 1));
  parser.resume();
  const source = await binaryToStream(ctx, binary, itemIndex);
  try {
    await new Promise<void>((resolve, reject) => {
      source.on('error', reject);
      parser.on('error', reject);
      parser.on('end', resolve);
      source.pipe(parser);
    });
  } catch (error) {
    source.destroy();
    // typeVersion 1 ignored parse errors of inline data (n8n keeps that for old workflows).
    if (failOnError || binary.id !== undefined) throw error;
  }
  const maxSkipped = skipOption?.maxSkippedRecords ?? -1;
  if (skipOption?.enabled && maxSkipped > 0 && skipped > maxSkipped) {
    throw new NodeOperationError(ctx.node.name, 'Max number of skipped records exceeded', { itemIndex });
  }
  return rows;
}

async function sheetRows(ctx: NodeContext, binary: BinaryData, options: JsonObject, itemIndex: number): Promise<Row[]> {
  const buffer = await binaryToBuffer(ctx, binary, itemIndex);
  const parsing: ParsingOptions = { raw: options.rawData === true };
  const workbook = options.readAsString === true ? xlsx().read(buffer.toString('binary'), { ...parsing, type: 'binary' }) : xlsx().read(buffer, parsing);
  if (workbook.SheetNames.length === 0) throw new NodeOperationError(ctx.node.name, 'Spreadsheet does not have any sheets!', { itemIndex });
  let sheetName = workbook.SheetNames[0];
  if (options.sheetName) {
    if (!workbook.SheetNames.includes(String(options.sheetName))) {
      throw new NodeOperationError(ctx.node.name, `Spreadsheet does not contain sheet called "${String(options.sheetName)}"!`, { itemIndex });
    }
    sheetName = String(options.sheetName);
  }
  const toJson: Sheet2JSONOpts = {};
  if (options.range !== undefined && options.range !== '') {
    toJson.range = Number.isNaN(Number(options.range)) ? options.range : parseInt(String(options.range), 10);
  }
  if (options.includeEmptyCells === true) toJson.defval = '';
  if (options.headerRow === false) toJson.header = 1;
  return xlsx().utils.sheet_to_json<Row>(workbook.Sheets[sheetName], toJson);
}

/**
 * n8n's SpreadsheetFile v2 "fromFile" (also Extract from File's CSV/HTML/ODS/RTF/XLS/XLSX):
 * one item per row; `formatParameter` names the parameter holding the format, or is
 * `sheetjs` for Spreadsheet File v1, which read every format with SheetJS.
 */
export async function spreadsheetToItems(ctx: NodeContext, items: Item[], formatParameter: string, failOnCsvError: boolean): Promise<Item[]> {
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    let fileExtension: string | undefined;
    let format = '';
    try {
      const options = readObject(ctx, 'options', itemIndex);
      format = formatParameter === 'sheetjs' ? 'sheetjs' : readString(ctx, formatParameter, itemIndex, '');
      const binary = inputBinary(ctx, items[itemIndex], itemIndex, readString(ctx, 'binaryPropertyName', itemIndex, 'data'));
      fileExtension = binary.fileExtension;
      if (format === 'autodetect' && (binary.mimeType === 'text/csv' || (binary.mimeType === 'text/plain' && binary.fileExtension === 'csv'))) format = 'csv';
      const rows = format === 'csv' ? await csvRows(ctx, binary, options, itemIndex, failOnCsvError) : await sheetRows(ctx, binary, options, itemIndex);
      for (const row of rows) output.push({ json: options.headerRow === false ? { row: row as JsonValue[] } : (row as JsonObject), pairedItem: { item: itemIndex } });
    } catch (error) {
      let message = (error as Error).message;
      let description = (error as { description?: string }).description;
      if (fileExtension && fileExtension !== format && format !== 'sheetjs') {
        message = `The file selected in 'Input Binary Field' is not in ${format} format`;
        description = `Try to change the operation or select a ${format} file in 'Input Binary Field'`;
      }
      if (ctx.continueOnFail()) {
        output.push({ json: { error: message }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw new NodeOperationError(ctx.node.name, message, { itemIndex, description, cause: error });
    }
  }
  return output;
}
