import { NodeOperationError, errorMessage } from '../../errors';
import type { Item } from '../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import { readString } from '../core/shared/node-helpers';

/**
 * n8n's Execution Data node (v1, 1.1): saves key/value pairs as the execution's custom data
 * (shown and filterable in the executions list) and passes its items on unchanged.
 */

function valuesToSave(ctx: NodeContext, itemIndex: number): JsonObject {
  const dataToSave = ctx.getParam<JsonValue | undefined>('dataToSave', itemIndex, {});
  const rows = isJsonObject(dataToSave) && Array.isArray(dataToSave.values) ? dataToSave.values : [];
  const values: JsonObject = {};
  for (const row of rows) {
    const { key, value } = isJsonObject(row) ? row : {};
    // An empty value is saved as "" from v1.1 on; v1 hands the falsy value itself (and a
    // missing one fails as not being a string).
    const toSave = value ? value : ctx.node.typeVersion >= 1.1 ? '' : value;
    values[String(key)] = toSave as JsonValue;
  }
  return values;
}

async function execute(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems();
  if (readString(ctx, 'operation', 0, 'save') !== 'save') return [items];
  const output: Item[] = [];
  items.forEach((item, itemIndex) => {
    try {
      ctx.customData.setAll(valuesToSave(ctx, itemIndex));
      output.push(item);
    } catch (error) {
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        return;
      }
      throw new NodeOperationError(ctx.node.name, errorMessage(error), { cause: error });
    }
  });
  return [output];
}

export const executionDataNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.executionData',
  aliases: ['executionData'],
  displayName: 'Execution Data',
  versions: [1, 1.1],
  execute,
};
