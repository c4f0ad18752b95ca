import { AutomatorError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { copyJson } from '../shared/json-values';
import { fieldAccess } from './field-access';

/** Which input fields a Set v3 output item keeps, and how it treats binary data. */
export interface ComposeOptions {
  include: string;
  dotNotation?: boolean;
  includeBinary?: boolean;
  stripBinary?: boolean;
}

export class UnknownIncludeError extends AutomatorError {
  constructor(include: string) {
    super(`The include option "${include}" is not known!`, 'bad_request');
  }
}

/** `a, b ,c` (or an array from an expression) as a list of field names. */
function fieldList(value: JsonValue | undefined): string[] {
  const entries = Array.isArray(value) ? value.map((entry) => String(entry)) : String(value ?? '').split(',');
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function keepsBinary(options: ComposeOptions, version: number): boolean {
  if (version >= 3.4) return !options.stripBinary && options.include !== 'none';
  return options.includeBinary === true;
}

/** n8n's composeReturnItem: the kept input fields, then the new fields written over them. */
export function composeItem(
  ctx: NodeContext,
  itemIndex: number,
  input: Item,
  newFields: JsonObject,
  options: ComposeOptions,
): Item {
  const version = ctx.node.typeVersion;
  const access = fieldAccess(options.dotNotation);
  const output: Item = { json: {}, pairedItem: { item: itemIndex } };
  if (keepsBinary(options, version) && input.binary !== undefined) output.binary = { ...input.binary };
  switch (options.include) {
    case 'all':
      output.json = copyJson(input.json);
      break;
    case 'selected':
      for (const key of fieldList(ctx.getParam<JsonValue | undefined>('includeFields', itemIndex, ''))) {
        const value = access.get(input.json, key);
        const target = options.dotNotation !== false && key.includes('.') ? (key.split('.').pop() as string) : key;
        if (value !== undefined) access.set(output.json, target, copyJson(value));
      }
      break;
    case 'except': {
      const kept = copyJson(input.json);
      for (const key of fieldList(ctx.getParam<JsonValue | undefined>('excludeFields', itemIndex, ''))) {
        access.unset(kept, key);
      }
      output.json = kept;
      break;
    }
    case 'none':
      break;
    default:
      throw new UnknownIncludeError(options.include);
  }
  for (const [key, value] of Object.entries(newFields)) access.set(output.json, key, value);
  return output;
}
