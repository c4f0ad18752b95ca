import type { Item } from '../../../contracts/run-data';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { NodeOperationError, errorMessage } from '../../../errors';
import { readObject, readString, toNodeError } from '../../core/shared/node-helpers';
import { createBinaryFromJson } from '../shared/json-to-binary';
import { SPREADSHEET_FORMATS, itemsToSpreadsheet, type SpreadsheetFormat } from '../shared/spreadsheet-write';

/** n8n's Convert to File (typeVersions 1 and 1.1): items to CSV/XLSX/ODS/..., JSON, text, or base64 to a file. */

const allPaired = (count: number) => Array.from({ length: count }, (_, item) => ({ item }));

function optionString(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  return value === undefined || value === null ? undefined : String(value);
}

async function toSpreadsheet(ctx: NodeContext, items: Item[], format: SpreadsheetFormat): Promise<Item[]> {
  const pairedItem = allPaired(items.length);
  try {
    const options = readObject(ctx, 'options', 0);
    const property = readString(ctx, 'binaryPropertyName', 0, 'data');
    const binary = await itemsToSpreadsheet(ctx, items, format, options, 'File');
    return [{ json: {}, binary: { [property]: binary }, pairedItem }];
  } catch (error) {
    if (ctx.continueOnFail()) return [{ json: { error: errorMessage(error) }, pairedItem }];
    throw toNodeError(ctx, error);
  }
}

async function toJson(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  const mode = readString(ctx, 'mode', 0, 'once');
  if (mode === 'once') {
    const pairedItem = allPaired(items.length);
    // n8n's "once" path rethrows even when continuing on fail.
    const options = readObject(ctx, 'options', 0);
    const property = readString(ctx, 'binaryPropertyName', 0, 'data');
    try {
      const binary = await createBinaryFromJson(
        ctx,
        items.map((item) => item.json),
        { fileName: optionString(options, 'fileName'), mimeType: 'application/json', encoding: optionString(options, 'encoding'), addBOM: options.addBOM === true, format: options.format === true, itemIndex: 0 },
      );
      return [{ json: {}, binary: { [property]: binary }, pairedItem }];
    } catch (error) {
      throw toNodeError(ctx, error);
    }
  }
  return perItem(ctx, items, async (item, itemIndex) => {
    const options = readObject(ctx, 'options', itemIndex);
    return createBinaryFromJson(ctx, item.json, {
      fileName: optionString(options, 'fileName'),
      encoding: optionString(options, 'encoding'),
      addBOM: options.addBOM === true,
      format: options.format === true,
      mimeType: 'application/json',
      itemIndex,
    });
  });
}

async function perItem(ctx: NodeContext, items: Item[], make: (item: Item, itemIndex: number) => ReturnType<typeof createBinaryFromJson>): Promise<Item[]> {
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    try {
      const property = readString(ctx, 'binaryPropertyName', itemIndex, 'data');
      output.push({ json: {}, binary: { [property]: await make(item, itemIndex) }, pairedItem: { item: itemIndex } });
    } catch (error) {
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw toNodeError(ctx, error, { itemIndex });
    }
  }
  return output;
}

function toBinary(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  return perItem(ctx, items, (item, itemIndex) => {
    const options = readObject(ctx, 'options', itemIndex);
    // v1 lets the data be text; v1.1 always reads base64.
    const dataIsBase64 = ctx.node.typeVersion === 1 ? options.dataIsBase64 !== false : true;
    return createBinaryFromJson(ctx, item.json, {
      sourceKey: readString(ctx, 'sourceProperty', itemIndex, ''),
      fileName: optionString(options, 'fileName'),
      mimeType: optionString(options, 'mimeType'),
      dataIsBase64,
      encoding: optionString(options, 'encoding'),
      addBOM: options.addBOM === true,
      itemIndex,
    });
  });
}

function toText(ctx: NodeContext, items: Item[]): Promise<Item[]> {
  return perItem(ctx, items, (item, itemIndex) => {
    const options = readObject(ctx, 'options', itemIndex);
    return createBinaryFromJson(ctx, item.json, {
      sourceKey: readString(ctx, 'sourceProperty', itemIndex, ''),
      fileName: optionString(options, 'fileName') || 'file.txt',
      mimeType: 'text/plain',
      dataIsBase64: false,
      encoding: optionString(options, 'encoding'),
      addBOM: options.addBOM === true,
      itemIndex,
    });
  });
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  const operation = readString(ctx, 'operation', 0, 'csv');
  if ((SPREADSHEET_FORMATS as readonly string[]).includes(operation)) return [await toSpreadsheet(ctx, items, operation as SpreadsheetFormat)];
  switch (operation) {
    case 'toJson':
      return [await toJson(ctx, items)];
    case 'toBinary':
      return [await toBinary(ctx, items)];
    case 'toText':
      return [await toText(ctx, items)];
    case 'iCal':
      throw new NodeOperationError(ctx.node.name, 'Convert to File: the "Convert to ICS" operation is not supported by this service', {
        description: 'Build the calendar text with a Code node and use "Convert to Text File" instead',
      });
    default:
      return [[]];
  }
}

export const convertToFileNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.convertToFile',
  aliases: ['convertToFile'],
  displayName: 'Convert to File',
  versions: [1, 1.1],
  execute,
};
