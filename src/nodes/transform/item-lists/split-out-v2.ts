import { NodeOperationError } from '../../../errors';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonValue } from '../../../workflow/json';
import { readField } from '../utils/object-path';
import { objectParam, stringParam } from '../utils/params';

/**
 * Item Lists before v2.2 refused what Split Out now accepts: a field no item has (before
 * v2.1) and a field that is neither a list nor an object. Checked per item, in n8n's order.
 */
export function checkSplitFields(ctx: NodeContext): void {
  const version = ctx.node.typeVersion;
  ctx.getInputItems().forEach((item, itemIndex) => {
    const fields = stringParam(ctx, 'fieldToSplitOut', itemIndex, '')
      .split(',')
      .map((field) => field.trim());
    const disableDotNotation = objectParam(ctx, 'options', itemIndex).disableDotNotation === true;
    for (const field of fields) {
      const value: JsonValue | undefined = readField(item.json, field, disableDotNotation);
      if (value === undefined) {
        if (version >= 2.1) continue;
        if (field.includes('.') && disableDotNotation) {
          throw new NodeOperationError(ctx.node.name, `Couldn't find the field '${field}' in the input data`, {
            description: "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options",
          });
        }
        throw new NodeOperationError(ctx.node.name, `Couldn't find the field '${field}' in the input data`, { itemIndex });
      }
      if (typeof value !== 'object' || value === null) {
        const message =
          version < 2 ? `The provided field '${field}' is not an array` : `The provided field '${field}' is not an array or object`;
        throw new NodeOperationError(ctx.node.name, message, { itemIndex });
      }
      if (version < 2 && !Array.isArray(value)) {
        throw new NodeOperationError(ctx.node.name, `The provided field '${field}' is not an array`, { itemIndex });
      }
    }
  });
}
