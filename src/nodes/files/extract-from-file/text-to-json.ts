import iconv from 'iconv-lite';
import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import { binaryToBuffer, inputBinary } from '../../binary-helpers';
import { copyJson } from '../../core/shared/json-values';
import { readObject, readString } from '../../core/shared/node-helpers';
import { setPath, unsetPath } from '../../transform/utils/object-path';

export type MoveToOperation = 'binaryToPropery' | 'fromJson' | 'text' | 'xml';

function decode(ctx: NodeContext, buffer: Buffer, encoding: string, stripBOM: boolean, itemIndex: number): string {
  if (!iconv.encodingExists(encoding)) throw new NodeOperationError(ctx.node.name, `Encoding not recognized: '${encoding}'`, { itemIndex });
  return iconv.decode(buffer, encoding, { stripBOM });
}

/**
 * n8n's Extract from File "move to" operations: the file's text (JSON parsed) or its base64
 * into `destinationKey`; keepSource keeps the input's json, its binary, or both.
 */
export async function fileToProperty(ctx: NodeContext, items: Item[], operation: MoveToOperation): Promise<Item[]> {
  const output: Item[] = [];
  for (const [itemIndex, item] of items.entries()) {
    try {
      const options = readObject(ctx, 'options', itemIndex);
      const property = readString(ctx, 'binaryPropertyName', itemIndex, 'data');
      const binary = inputBinary(ctx, item, itemIndex, property);
      const buffer = await binaryToBuffer(ctx, binary, itemIndex);
      // n8n detects the encoding when none is set; UTF-8 is what it finds for nearly all text.
      const encoding = typeof options.encoding === 'string' && options.encoding !== '' ? options.encoding : 'utf8';
      const keepSource = typeof options.keepSource === 'string' ? options.keepSource : undefined;
      const json: JsonObject = keepSource && keepSource !== 'binary' ? copyJson(item.json) : {};
      let value: JsonValue;
      if (operation === 'binaryToPropery') {
        value = buffer.toString('base64');
      } else {
        const text = decode(ctx, buffer, encoding, options.stripBOM !== false, itemIndex);
        value = operation === 'fromJson' ? (text === '' ? {} : (JSON.parse(text) as JsonValue)) : text;
      }
      setPath(json, readString(ctx, 'destinationKey', itemIndex, 'data'), value);
      const next: Item = { json, pairedItem: { item: itemIndex } };
      if (keepSource === 'binary' || keepSource === 'both') {
        if (item.binary) next.binary = item.binary;
      } else {
        // Other binary properties of the item stay; the one read goes.
        const rest = { ...(item.binary ?? {}) };
        unsetPath(rest as unknown as JsonObject, property);
        next.binary = rest;
      }
      output.push(next);
    } catch (error) {
      let message = (error as Error).message;
      let description = (error as { description?: string }).description;
      if (message.includes('Unexpected token') || error instanceof SyntaxError) {
        message = "The file selected in 'Input Binary Field' is not in JSON format";
        description = "Try to change the operation or select a JSON file in 'Input Binary Field'";
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
