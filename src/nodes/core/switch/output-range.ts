import { NodeOperationError } from '../../../errors';
import type { NodeContext } from '../../../contracts/node-type';

/** n8n's checks of a computed output index (its message keeps n8n's "ouput" spelling). */
export function checkOutputV3(ctx: NodeContext, outputCount: number, index: number, itemIndex: number): void {
  if (Number(index) === outputCount) {
    throw new NodeOperationError(ctx.node.name, `The ouput ${index} is not allowed. `, {
      itemIndex,
      description: `Output indexes are zero based, if you want to use the extra output use ${index - 1}`,
    });
  }
  if (index < 0 || index > outputCount) {
    throw new NodeOperationError(ctx.node.name, `The ouput ${index} is not allowed`, {
      itemIndex,
      description: `It has to be between 0 and ${outputCount - 1}`,
    });
  }
}

export function checkOutputLegacy(ctx: NodeContext, outputCount: number, index: number, itemIndex: number): void {
  if (!(index >= 0 && index < outputCount)) {
    throw new NodeOperationError(
      ctx.node.name,
      `The ouput ${index} is not allowed. It has to be between 0 and ${outputCount - 1}!`,
      { itemIndex },
    );
  }
}

export function emptyOutputs(count: number): never[][] {
  return Array.from({ length: Math.max(0, count) }, () => []);
}
