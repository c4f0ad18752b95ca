import { NodeOperationError } from '../../../errors';
import type { Item } from '../../../contracts/run-data';

/**
 * The bytes of an input item's binary field, with n8n's assertBinaryData messages when the
 * item has no binary data or not that field.
 */
export function binaryInputBuffer(nodeName: string, item: Item, field: string, itemIndex: number): Buffer {
  if (item.binary === undefined) {
    throw new NodeOperationError(
      nodeName,
      `This operation expects the node's input data to contain a binary file '${field}', but none was found [item ${itemIndex}]`,
      { itemIndex, description: 'Make sure that the previous node outputs a binary file' },
    );
  }
  const binary = item.binary[field];
  if (binary === undefined) {
    throw new NodeOperationError(nodeName, `The item has no binary field '${field}' [item ${itemIndex}]`, {
      itemIndex,
      description:
        'Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input',
    });
  }
  return Buffer.from(binary.data, 'base64');
}
