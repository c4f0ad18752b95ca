import { NodeOperationError, errorMessage } from '../../../errors';
import { isJsonObject, type JsonValue } from '../../../workflow/json';
import type { SubWorkflowRequest } from '../../../contracts/node-services';
import type { NodeContext } from '../../../contracts/node-type';

/**
 * Which workflow to run for item `itemIndex`: from the store by id (a plain id or n8n's
 * resource locator `{__rl, value, mode}`), or the JSON given in `workflowJson`.
 */
export function workflowSource(ctx: NodeContext, itemIndex: number): SubWorkflowRequest['workflow'] {
  const source = ctx.getParam<JsonValue>('source', itemIndex, 'database');
  if (source === 'database') {
    const id = workflowIdOf(ctx.getParam<JsonValue>('workflowId', itemIndex, ''));
    if (id === '') {
      throw new NodeOperationError(
        ctx.node.name,
        'No information about the workflow to execute found. Please provide either the "id" or "code"!',
        { itemIndex, description: 'Set the "workflowId" parameter to the id of the workflow to call' },
      );
    }
    return { source: 'database', id };
  }
  if (source === 'parameter') {
    return { source: 'parameter', json: workflowJsonOf(ctx, itemIndex) };
  }
  throw new NodeOperationError(
    ctx.node.name,
    `The workflow source "${String(source)}" is not supported by this service: use "database" or "parameter"`,
    { itemIndex },
  );
}

function workflowIdOf(value: JsonValue): string {
  const raw = isJsonObject(value) ? value.value : value;
  if (typeof raw === 'number') return String(raw);
  return typeof raw === 'string' ? raw.trim() : '';
}

function workflowJsonOf(ctx: NodeContext, itemIndex: number): JsonValue {
  const value = ctx.getParam<JsonValue>('workflowJson', itemIndex, '');
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as JsonValue;
  } catch (error) {
    throw new NodeOperationError(ctx.node.name, `The parameter "workflowJson" is not valid JSON: ${errorMessage(error)}`, { itemIndex });
  }
}
