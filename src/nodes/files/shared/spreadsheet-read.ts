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

/** n8n's CSV options as csv-parse takes them. */
function csvParserOptions(options: JsonObject): CsvOptions {
  const maxRowCount = typeof options.maxRowCount === 'number' ? options.maxRowCount : -1;
  const skipOption = skipRecordsOption(options);
  return {
    delimiter: typeof options.delimiter === 'string' && options.delimiter !== '' ? options.delimiter : undefined,
    from_line: typeof options.fromLine === 'number' ? options.fromLine : undefined,
    encoding: typeof options.encoding === 'string' ? (options.encoding as BufferEncoding) : undefined,
    bom: options.enableBOM === true,
    to: maxRowCount > -1 ? maxRowCount : undefined,
    skip_records_with_error: skipOption?.enabled === true,
    skip_empty_lines: true,
    columns: options.headerRow !== false,
    relax_quotes: options.relaxQuotes === true,
  };
}

function skipRecordsOption(options: JsonObject): { enabled?: boolean; maxSkippedRecords?: number } | undefined {
  return (options.skipRecordsWithErrors as { value?: { enabled?: boolean; maxSkippedRecords?: number } } | undefined)?.value;
}

/** How many rows a CSV batch holds when rows are streamed to the next node. */
const CSV_BATCH_ROWS = 1000;

/**
 * CSV rows through csv-parse, streamed from the store (a large file is never one buffer), in
 * batches, with n8n's options; empty cells are dropped unless includeEmptyCells.
 */
async function* csvRows(ctx: NodeContext, binary: BinaryData, options: JsonObject, itemIndex: number, failOnError: boolean): AsyncGenerator<Row[]> {
  const parser = parseCsv(csvParserOptions(options));
  const keepEmpty = options.includeEmptyCells === true;
  let skipped = 0;
  parser.on('skip', () => (skipped += 1));
  const source = await binaryToStream(ctx, binary, itemIndex);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let batch: Row[] = [];
  try {
    for await (const record of parser as AsyncIterable<Record<string, string> | string[]>) {
      batch.push(keepEmpty || Array.isArray(record) ? record : Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')));
      if (batch.length >= CSV_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    // typeVersion 1 ignored parse errors of inline data (n8n keeps that for old workflows).
    if (failOnError || binary.id !== undefined) throw error;
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
  const skipOption = skipRecordsOption(options);
  const maxSkipped = skipOption?.maxSkippedRecords ?? -1;
  if (skipOption?.enabled && maxSkipped > 0 && skipped > maxSkipped) {
    throw new NodeOperationError(ctx.node.name, 'Max number of skipped records exceeded', { itemIndex });
  }
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

type Format = string;

/** The rows of one input item's file, in batches (one batch for SheetJS formats). */
async function* fileRows(ctx: NodeContext, item: Item, itemIndex: number, formatParameter: string, failOnCsvError: boolean): AsyncGenerator<Item[]> {
  let fileExtension: string | undefined;
  let format: Format = '';
  try {
    const options = readObject(ctx, 'options', itemIndex);
    format = formatParameter === 'sheetjs' ? 'sheetjs' : readString(ctx, formatParameter, itemIndex, '');
    const binary = inputBinary(ctx, item, itemIndex, readString(ctx, 'binaryPropertyName', itemIndex, 'data'));
    fileExtension = binary.fileExtension;
    if (format === 'autodetect' && (binary.mimeType === 'text/csv' || (binary.mimeType === 'text/plain' && binary.fileExtension === 'csv'))) format = 'csv';
    const batches = format === 'csv' ? csvRows(ctx, binary, options, itemIndex, failOnCsvError) : sheetBatches(ctx, binary, options, itemIndex);
    for await (const rows of batches) {
      yield rows.map((row) => ({ json: options.headerRow === false ? { row: row as JsonValue[] } : (row as JsonObject), pairedItem: { item: itemIndex } }));
    }
  } catch (error) {
    let message = (error as Error).message;
    let description = (error as { description?: string }).description;
    if (fileExtension && fileExtension !== format && format !== 'sheetjs') {
      message = `The file selected in 'Input Binary Field' is not in ${format} format`;
      description = `Try to change the operation or select a ${format} file in 'Input Binary Field'`;
    }
    throw new NodeOperationError(ctx.node.name, message, { itemIndex, description, cause: error });
  }
}

async function* sheetBatches(ctx: NodeContext, binary: BinaryData, options: JsonObject, itemIndex: number): AsyncGenerator<Row[]> {
  yield await sheetRows(ctx, binary, options, itemIndex);
}

/**
 * Every input item's rows, batch by batch: Extract from File's streamed output (the engine
 * streams only nodes that stop the workflow on failure, so an error simply ends the stream).
 */
export async function* spreadsheetBatches(ctx: NodeContext, formatParameter: string, failOnCsvError: boolean): AsyncGenerator<Item[]> {
  const items = ctx.getInputItems();
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    yield* fileRows(ctx, items[itemIndex] as Item, itemIndex, formatParameter, failOnCsvError);
  }
}

/**
 * n8n's SpreadsheetFile v2 "fromFile" (also Extract from File's CSV/HTML/ODS/RTF/XLS/XLSX):
 * one item per row; `formatParameter` names the parameter holding the format, or is
 * `sheetjs` for Spreadsheet File v1, which read every format with SheetJS.
 */
export async function spreadsheetToItems(ctx: NodeContext, formatParameter: string, failOnCsvError: boolean): Promise<Item[]> {
  const items = ctx.getInputItems();
  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const rows: Item[] = [];
    try {
      for await (const batch of fileRows(ctx, items[itemIndex] as Item, itemIndex, formatParameter, failOnCsvError)) {
        for (const row of batch) rows.push(row);
      }
    } catch (error) {
      // A file that fails gives an error item only: the rows read before the failure are dropped.
      if (!ctx.continueOnFail()) throw error;
      rows.length = 0;
      rows.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
    }
    for (const row of rows) output.push(row);
  }
  return output;
}
