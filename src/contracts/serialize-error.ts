import { ExpressionError, NodeOperationError, SubNodeError, errorMessage } from '../errors';
import type { WorkflowNode } from '../workflow/types';
import type { SerializedError } from './run-data';

/** Turns anything thrown inside a node into n8n's stored error shape. */
export function serializeNodeError(error: unknown, node: WorkflowNode): SerializedError {
  // A sub-node's failure names the sub-node, though the root node's run carries it.
  const at = error instanceof SubNodeError ? error.subNode : node;
  const serialized: SerializedError = {
    message: errorMessage(error),
    name: error instanceof Error ? error.name : 'Error',
    node: { name: at.name, type: at.type, typeVersion: at.typeVersion, id: at.id },
    timestamp: Date.now(),
  };
  if (error instanceof NodeOperationError) {
    if (error.description !== undefined) serialized.description = error.description;
    if (error.itemIndex !== undefined) serialized.context = { itemIndex: error.itemIndex };
  }
  if (error instanceof ExpressionError) {
    serialized.context = { ...(serialized.context ?? {}), parameter: error.parameter };
  }
  const httpCode = (error as { httpCode?: unknown }).httpCode;
  if (typeof httpCode === 'string') serialized.httpCode = httpCode;
  return serialized;
}
