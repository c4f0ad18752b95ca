import { errorMessage, NodeOperationError, WorkflowValidationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { WorkflowNode } from '../../workflow/types';
import type { Item } from '../../contracts/run-data';
import type { OdooConnection, OdooGateway, OdooLogin } from '../../contracts/node-services';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import {
  fieldList,
  filtersToDomain,
  ID_PARAMETERS,
  jsonParameter,
  nameValueFields,
  RESOURCE_MODELS,
  resultToJsons,
  withAddress,
} from './operations';
import { runAttachmentOperation } from './attachments';

/** n8n's resources, plus `attachment`: binary items in and out of `ir.attachment` (our extension). */
const RESOURCES = ['attachment', 'contact', 'custom', 'note', 'opportunity'];
/** n8n's operations, plus `call` (any public model method) and `count` (search_count): our extensions. */
const OPERATIONS = ['create', 'delete', 'get', 'getAll', 'update', 'call', 'count'];

type Param = <T extends JsonValue | undefined>(path: string, fallback?: T) => T;

export function gatewayOf(ctx: NodeContext): OdooGateway {
  const odoo = ctx.services.odoo;
  if (!odoo) {
    throw new NodeOperationError(
      ctx.node.name,
      "The Odoo node uses the service's own Odoo connection, and this service has none (set ODOO_URL)",
    );
  }
  return odoo;
}

interface OdooApiCredential {
  url?: string;
  db?: string;
  username?: string;
  password?: string;
}

/** n8n's odooGetDBName: the credential's db, else the first label of the URL's host name. */
export function odooDatabaseName(db: string | undefined, url: string): string {
  if (db) return db;
  try {
    return new URL(url).hostname.split('.')[0] ?? '';
  } catch {
    return '';
  }
}

/** The Odoo an `odooApi` credential names (url without its trailing slash, db filled in as n8n does). */
async function loginFromCredential(ctx: NodeContext): Promise<OdooLogin> {
  const credential = await ctx.getCredentials<OdooApiCredential>('odooApi');
  const url = String(credential.url ?? '').replace(/\/$/, '');
  if (!/^https?:\/\//i.test(url)) {
    throw new NodeOperationError(ctx.node.name, 'The odooApi credential has no usable URL: set "url" to the Odoo address, e.g. https://erp.example.com');
  }
  return { url, db: odooDatabaseName(credential.db, url), user: String(credential.username ?? ''), password: String(credential.password ?? '') };
}

/**
 * With an `odooApi` credential (n8n's only way) the node reaches THAT Odoo, over its own
 * connection closed after the run; without one it uses the sidecar's own Odoo (our extension).
 */
async function connectionOf(ctx: NodeContext): Promise<OdooConnection> {
  if (ctx.node.credentials?.odooApi === undefined) {
    const own = gatewayOf(ctx);
    return { call: (model, method, args, kwargs) => own.call(model, method, args, kwargs), close: async () => undefined };
  }
  const connector = ctx.services.odooConnector;
  if (!connector) throw new NodeOperationError(ctx.node.name, 'This run cannot open connections to other Odoo databases (odooApi credentials)');
  return connector.open(await loginFromCredential(ctx));
}

function modelOf(ctx: NodeContext, resource: string, param: Param, itemIndex: number): string {
  if (resource !== 'custom') return RESOURCE_MODELS[resource] as string;
  const model = param<JsonValue>('customResource', '');
  if (typeof model !== 'string' || model === '') {
    throw new NodeOperationError(ctx.node.name, 'Choose the model to use ("Custom Resource")', { itemIndex });
  }
  return model;
}

/** n8n's check: ids are positive integers, given as text or number. */
function recordId(ctx: NodeContext, resource: string, param: Param, itemIndex: number): number {
  const raw = param<JsonValue>(ID_PARAMETERS[resource] as string, '');
  const text = String(raw ?? '');
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new NodeOperationError(ctx.node.name, `Please specify a valid ID: ${text}`, { itemIndex });
  }
  return Number(text);
}

/** The values a create or update sends, per resource, as n8n's Odoo node builds them. */
function recordValues(resource: string, operation: 'create' | 'update', param: Param): JsonObject {
  if (resource === 'custom') return nameValueFields(param('fieldsToCreateOrUpdate'));
  if (resource === 'note') return { memo: param<JsonValue>('memo', '') };
  const extra = (param<JsonValue>(operation === 'create' ? 'additionalFields' : 'updateFields', {}) ?? {}) as JsonObject;
  if (resource === 'contact') {
    const fields = withAddress(extra);
    return operation === 'create' ? { name: param<JsonValue>('contactName', ''), ...fields } : fields;
  }
  return operation === 'create' ? { name: param<JsonValue>('opportunityName', ''), ...extra } : extra;
}

/** One Odoo operation for one item, parameters read through `ctx` (the Odoo node and the Odoo tool). */
export async function runOdooOperation(ctx: NodeContext, odoo: OdooGateway, itemIndex: number): Promise<JsonValue> {
  const param: Param = (path, fallback) => ctx.getParam(path, itemIndex, fallback);
  const resource = param<JsonValue>('resource', 'contact') as string;
  const operation = param<JsonValue>('operation', 'create') as string;
  const model = modelOf(ctx, resource, param, itemIndex);
  const fieldsList = fieldList(param<JsonValue>('options.fieldsList', []));
  // No list means every field, as in n8n.
  const fields: JsonObject = fieldsList.length > 0 ? { fields: fieldsList } : {};
  switch (operation) {
    case 'create':
      return { id: await odoo.call(model, 'create', [recordValues(resource, 'create', param)]) };
    case 'get':
      return odoo.call(model, 'read', [[recordId(ctx, resource, param, itemIndex)]], fields);
    case 'getAll': {
      const domain = resource === 'custom' ? filtersToDomain(param('filterRequest')) : [];
      const kwargs: JsonObject = { ...fields };
      if (!param<JsonValue>('returnAll', false)) kwargs.limit = Number(param<JsonValue>('limit', 50));
      return odoo.call(model, 'search_read', [domain], kwargs);
    }
    case 'count': {
      const domain = resource === 'custom' ? filtersToDomain(param('filterRequest')) : [];
      return { count: await odoo.call(model, 'search_count', [domain]) };
    }
    case 'update': {
      const id = recordId(ctx, resource, param, itemIndex);
      const values = recordValues(resource, 'update', param);
      if (Object.keys(values).length === 0) {
        throw new NodeOperationError(ctx.node.name, 'Please specify at least one field to update', { itemIndex });
      }
      await odoo.call(model, 'write', [[id], values]);
      return { id: String(param<JsonValue>(ID_PARAMETERS[resource] as string, '')) };
    }
    case 'delete':
      await odoo.call(model, 'unlink', [[recordId(ctx, resource, param, itemIndex)]]);
      return { success: true };
    case 'call': {
      const method = param<JsonValue>('method', '');
      if (typeof method !== 'string' || method === '') {
        throw new NodeOperationError(ctx.node.name, 'Name the method to call ("Method")', { itemIndex });
      }
      const args = jsonParameter(param('args'), []);
      const kwargs = jsonParameter(param('kwargs'), {});
      if (!Array.isArray(args)) throw new NodeOperationError(ctx.node.name, '"Arguments" must be a JSON array', { itemIndex });
      if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
        throw new NodeOperationError(ctx.node.name, '"Keyword Arguments" must be a JSON object', { itemIndex });
      }
      return odoo.call(model, method, args, kwargs);
    }
    default:
      throw new NodeOperationError(ctx.node.name, `The operation "${operation}" is not supported`, { itemIndex });
  }
}

/** n8n-nodes-base.odoo v1: records of any model, in the Odoo of its odooApi credential or the service's own. */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const odoo = await connectionOf(ctx);
  try {
    return await executeItems(ctx, odoo);
  } finally {
    await odoo.close();
  }
}

async function executeItems(ctx: NodeContext, odoo: OdooGateway): Promise<NodeResult> {
  const output: Item[] = [];
  const inputs = ctx.getInputItems();
  for (let itemIndex = 0; itemIndex < inputs.length; itemIndex += 1) {
    const pairedItem = { item: itemIndex };
    try {
      const resource = ctx.getParam<JsonValue>('resource', itemIndex, 'contact');
      if (resource === 'attachment') {
        const operation = String(ctx.getParam<JsonValue>('operation', itemIndex, 'create'));
        const result = await runAttachmentOperation(ctx, odoo, operation, inputs[itemIndex] as Item, itemIndex);
        output.push({ ...result, pairedItem });
        continue;
      }
      const result = await runOdooOperation(ctx, odoo, itemIndex);
      for (const json of resultToJsons(result)) output.push({ json, pairedItem });
    } catch (error) {
      if (!ctx.continueOnFail()) {
        if (error instanceof NodeOperationError) throw error;
        throw new NodeOperationError(ctx.node.name, errorMessage(error), { itemIndex, cause: error });
      }
      output.push({ json: { error: errorMessage(error) }, pairedItem });
    }
  }
  return [output];
}

function validate(node: WorkflowNode): void {
  const { resource = 'contact', operation = 'create' } = node.parameters;
  if (typeof resource === 'string' && !resource.startsWith('=') && !RESOURCES.includes(resource)) {
    throw new WorkflowValidationError(
      `Node "${node.name}" has an unknown Odoo resource "${resource}" (use ${RESOURCES.join(', ')})`,
      { node: node.name, field: 'resource' },
    );
  }
  if (typeof operation === 'string' && !operation.startsWith('=') && !OPERATIONS.includes(operation)) {
    throw new WorkflowValidationError(
      `Node "${node.name}" has an unknown Odoo operation "${operation}" (use ${OPERATIONS.join(', ')})`,
      { node: node.name, field: 'operation' },
    );
  }
}

export const odooNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.odoo',
  aliases: ['odoo'],
  displayName: 'Odoo',
  versions: [1],
  validate,
  execute,
};
