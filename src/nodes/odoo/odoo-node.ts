import { errorMessage, NodeOperationError, WorkflowValidationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { WorkflowNode } from '../../workflow/types';
import type { Item } from '../../contracts/run-data';
import type { OdooGateway } from '../../contracts/node-services';
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
/** n8n's operations, plus `call`: any public model method (our extension). */
const OPERATIONS = ['create', 'delete', 'get', 'getAll', 'update', 'call'];

type Param = <T extends JsonValue | undefined>(path: string, fallback?: T) => T;

function gatewayOf(ctx: NodeContext): OdooGateway {
  const odoo = ctx.services.odoo;
  if (!odoo) {
    throw new NodeOperationError(
      ctx.node.name,
      "The Odoo node uses the service's own Odoo connection, and this service has none (set ODOO_URL)",
    );
  }
  return odoo;
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

async function runOperation(ctx: NodeContext, odoo: OdooGateway, itemIndex: number): Promise<JsonValue> {
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

/** n8n-nodes-base.odoo v1: records of any model through the service's Odoo connection. */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const odoo = gatewayOf(ctx);
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
      const result = await runOperation(ctx, odoo, itemIndex);
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
