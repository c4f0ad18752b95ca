import type { Item } from '../../../contracts/run-data';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * The items handed to the sub-workflow. From v1.2 with a stored workflow, n8n's "Workflow
 * Inputs" mapper sets fields on every item (`workflowInputs.value`, evaluated per item) and
 * drops those its schema marks `removed`; otherwise the input items go as they are.
 */
export function subWorkflowItems(ctx: NodeContext): Item[] {
  const input = ctx.getInputItems();
  const usesMapper = ctx.node.typeVersion >= 1.2 && ctx.getParam<JsonValue>('source', 0, 'database') === 'database';
  if (!usesMapper || ctx.getRawParam('workflowInputs') === undefined) return input;
  const removed = removedFields(ctx.getParam<JsonValue>('workflowInputs.schema', 0, []));
  return input.map((item, index) => {
    const mapped = ctx.getParam<JsonValue>('workflowInputs.value', index, {});
    const json: JsonObject = { ...item.json, ...(isJsonObject(mapped) ? mapped : {}) };
    for (const key of removed) delete json[key];
    const out: Item = { json, pairedItem: { item: index } };
    if (item.binary !== undefined) out.binary = item.binary;
    return out;
  });
}

function removedFields(schema: JsonValue): string[] {
  if (!Array.isArray(schema)) return [];
  return schema.flatMap((field) =>
    isJsonObject(field) && field.removed === true && typeof field.displayName === 'string' ? [field.displayName] : [],
  );
}
