import { NodeOperationError } from '../../errors';
import { isJsonObject, type JsonObject } from '../../workflow/json';
import type { NodeContext } from '../../contracts/node-type';
import { objectParam } from '../transform/utils/params';

/**
 * Credentials for the HTTP Request node. The service has no credential store, so an n8n
 * export's `credentials: {httpBasicAuth: {id, name}}` reference cannot be resolved. The
 * secret fields are accepted inline instead, either in the node's `credentials` object
 * (`{"httpBasicAuth": {"user": "...", "password": "..."}}`, optionally under `data`) or in
 * the parameter `credentials` (which may use expressions, e.g. `{{ $env.API_TOKEN }}`), the
 * form Odoo's `nodes.parameters` can carry.
 */

const SUPPORTED_TYPES = ['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'httpCustomAuth'];

/** The credential fields as n8n's credential types name them. */
export function resolveCredential(ctx: NodeContext, type: string, itemIndex: number): JsonObject {
  const nodeName = ctx.node.name;
  if (!SUPPORTED_TYPES.includes(type)) {
    throw new NodeOperationError(nodeName, `The credential type "${type}" is not supported by this service`, {
      description: `Supported generic credential types: ${SUPPORTED_TYPES.join(', ')}`,
      itemIndex,
    });
  }
  return inlineCredential(ctx, type, itemIndex);
}

/**
 * The fields of a credential given inline (the service keeps no credential store of its own
 * for nodes): in the node's `credentials.<type>` (optionally under `data`) or in the parameter
 * `credentials.<type>`.
 */
export function inlineCredential(ctx: NodeContext, type: string, itemIndex: number): JsonObject {
  const nodeName = ctx.node.name;
  const fromNode = ctx.node.credentials?.[type];
  const fromParameters = objectParam(ctx, `credentials.${type}`, itemIndex);
  const candidates = [fromNode, fromParameters].filter(isJsonObject);
  for (const candidate of candidates) {
    const fields = isJsonObject(candidate.data) ? candidate.data : candidate;
    // A bare reference ({id, name}) carries no secret; any other field means values were given.
    if (Object.keys(fields).some((key) => key !== 'id' && key !== 'name')) return fields;
  }
  if (isJsonObject(fromNode)) {
    throw new NodeOperationError(
      nodeName,
      `Credentials "${String(fromNode.name ?? fromNode.id ?? type)}" of type "${type}" have no values here: this service has no credential store`,
      { description: `Put the credential fields inline in the node's credentials.${type} (or in the parameter credentials.${type}).`, itemIndex },
    );
  }
  throw new NodeOperationError(nodeName, `Node "${nodeName}" does not have any credentials of type "${type}" set`, { itemIndex });
}
