import { NodeOperationError } from '../../errors';
import type { NodeContext } from '../../contracts/node-type';
import type { JsonValue } from '../../workflow/json';

const SCOPED_FROM_VERSION = 1.4;

function coerce(ctx: NodeContext, value: JsonValue | undefined, itemIndex: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new NodeOperationError(ctx.node.name, 'Invalid session ID', { description: 'The session ID must be a text value', itemIndex });
}

const isEmpty = (value: JsonValue | undefined): boolean => value === '' || value === undefined || value === null;

/**
 * The session a memory node keeps its history under (n8n's getSessionId). From 1.2:
 * `fromInput` reads `sessionId` from the root node's input item (what a Chat Trigger sends),
 * `customKey` the Key parameter. From 1.4 a `fromInput` session is scoped to the memory node.
 * 1 and 1.1 read the Session Key parameter.
 */
export function memorySessionId(ctx: NodeContext, itemIndex: number): string {
  const version = ctx.node.typeVersion;
  if (version < 1.2) {
    const fallback = version < 1.1 ? 'chat_history' : '={{ $json.sessionId }}';
    return coerce(ctx, ctx.getParam<JsonValue>('sessionKey', itemIndex, fallback), itemIndex);
  }
  const selector = ctx.getParam<JsonValue>('sessionIdType', itemIndex, 'fromInput');
  if (selector === 'fromInput') {
    const raw = ctx.getInputItems()[itemIndex]?.json.sessionId;
    if (isEmpty(raw)) {
      throw new NodeOperationError(ctx.node.name, 'No session ID found', {
        itemIndex,
        description:
          "Expected to find the session ID in an input field called 'sessionId' (this is what the chat trigger node outputs). To use something else, change the 'Session ID' parameter",
      });
    }
    const sessionId = coerce(ctx, raw, itemIndex);
    return version >= SCOPED_FROM_VERSION ? `${sessionId}__${ctx.node.name.replace(/[^A-Za-z0-9_-]/g, '_')}` : sessionId;
  }
  const raw = ctx.getParam<JsonValue>('sessionKey', itemIndex, '');
  if (isEmpty(raw)) {
    throw new NodeOperationError(ctx.node.name, 'Key parameter is empty', {
      itemIndex,
      description:
        "Provide a key to use as session ID in the 'Key' parameter or use the 'Connected Chat Trigger Node' option to use the session ID from your Chat Trigger",
    });
  }
  return coerce(ctx, raw, itemIndex);
}
