import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { WorkflowNode } from '../../workflow/types';
import type { NodeContext, NodeTypeDefinition } from '../../contracts/node-type';
import { isJsonObjectValue } from './shared/json-values';
import { requireChoice } from './shared/validate-choice';

/**
 * n8n's Stop and Error: fails the run with the configured message, or with an error
 * object whose `message` (else `description`, else `error`) becomes the message.
 */

function nonEmptyString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The error object as given, or parsed from its JSON text (no repairs, as in n8n). */
function readErrorObject(ctx: NodeContext, value: JsonValue | undefined): JsonValue {
  if (isJsonObjectValue(value)) return value;
  try {
    return JSON.parse(String(value ?? '')) as JsonValue;
  } catch (error) {
    throw new NodeOperationError(ctx.node.name, (error as Error).message, {
      description: 'Error Object must be a JSON object, e.g. {"message": "Order not found", "code": 404}',
    });
  }
}

function stopError(ctx: NodeContext): NodeOperationError {
  const errorType = ctx.getParam<JsonValue | undefined>('errorType', 0, 'errorMessage');
  if (errorType === 'errorMessage') {
    const message = ctx.getParam<JsonValue | undefined>('errorMessage', 0, '');
    return new NodeOperationError(ctx.node.name, typeof message === 'string' ? message : JSON.stringify(message));
  }
  const parsed = readErrorObject(ctx, ctx.getParam<JsonValue | undefined>('errorObject', 0, ''));
  const errorObject: JsonObject = isJsonObjectValue(parsed) ? parsed : {};
  const description = nonEmptyString(errorObject.description);
  const message =
    nonEmptyString(errorObject.message) ??
    description ??
    nonEmptyString(errorObject.error) ??
    `Error: ${JSON.stringify(parsed)}`;
  return new NodeOperationError(ctx.node.name, message, { description: description === message ? undefined : description });
}

function validateStopAndError(node: WorkflowNode): void {
  requireChoice(node, 'errorType', 'error type', ['errorMessage', 'errorObject']);
}

export const stopAndErrorNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.stopAndError',
  aliases: ['stopAndError'],
  displayName: 'Stop and Error',
  versions: [1],
  validate: validateStopAndError,
  execute: async (ctx) => {
    throw stopError(ctx);
  },
};
