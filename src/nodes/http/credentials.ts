import { NodeOperationError } from '../../errors';
import type { JsonObject } from '../../workflow/json';
import type { NodeContext } from '../../contracts/node-type';

/** The credential types the HTTP Request node's "Generic Credential Type" offers here. */
const SUPPORTED_TYPES = ['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'httpCustomAuth'];

/** The credential fields as n8n's credential types name them, from the node's credential reference. */
export async function resolveCredential(ctx: NodeContext, type: string, itemIndex: number): Promise<JsonObject> {
  if (!SUPPORTED_TYPES.includes(type)) {
    throw new NodeOperationError(ctx.node.name, `The credential type "${type}" is not supported by this service`, {
      description: `Supported generic credential types: ${SUPPORTED_TYPES.join(', ')}`,
      itemIndex,
    });
  }
  return ctx.getCredentials<JsonObject>(type, itemIndex);
}
