import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';
import type { Item } from '../../contracts/run-data';
import type { OdooGateway } from '../../contracts/node-services';
import type { NodeContext } from '../../contracts/node-type';
import { binaryToBuffer, inputBinary, prepareBinary } from '../binary-helpers';

type Param = <T extends JsonValue | undefined>(path: string, fallback?: T) => T;

/** What an attachment operation hands back: the item's json and, for a download, its binary. */
export interface AttachmentResult {
  json: JsonObject;
  binary?: Item['binary'];
}

function requiredText(ctx: NodeContext, param: Param, name: string, label: string, itemIndex: number): string {
  const value = param<JsonValue>(name, '');
  if (typeof value !== 'string' || value.trim() === '') {
    throw new NodeOperationError(ctx.node.name, `Set "${label}" to attach the file to a record [item ${itemIndex}]`, { itemIndex });
  }
  return value.trim();
}

function positiveId(ctx: NodeContext, raw: JsonValue | undefined, label: string, itemIndex: number): number {
  const text = String(raw ?? '');
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new NodeOperationError(ctx.node.name, `"${label}" must be a record id (a positive whole number), not "${text}" [item ${itemIndex}]`, { itemIndex });
  }
  return Number(text);
}

/**
 * Attaches an item's binary property to a record (`ir.attachment` with res_model/res_id),
 * the file's bytes sent base64 as Odoo's `datas`. Answers the attachment's id.
 */
async function attach(ctx: NodeContext, odoo: OdooGateway, param: Param, item: Item, itemIndex: number): Promise<AttachmentResult> {
  const property = String(param<JsonValue>('binaryPropertyName', 'data') || 'data');
  const binary = inputBinary(ctx, item, itemIndex, property);
  const resModel = requiredText(ctx, param, 'resModel', 'Model', itemIndex);
  const resId = positiveId(ctx, param<JsonValue>('resId', ''), 'Record ID', itemIndex);
  const bytes = await binaryToBuffer(ctx, binary, itemIndex);
  const name = String(param<JsonValue>('options.fileName', '') || binary.fileName || property);
  const values: JsonObject = { name, datas: bytes.toString('base64'), mimetype: binary.mimeType, res_model: resModel, res_id: resId };
  const id = await odoo.call('ir.attachment', 'create', [values]);
  return { json: { id, name, mimetype: binary.mimeType, file_size: bytes.length, res_model: resModel, res_id: resId } };
}

/** Reads an `ir.attachment` into a binary property of the item (its fields in json, bytes in binary). */
async function download(ctx: NodeContext, odoo: OdooGateway, param: Param, itemIndex: number): Promise<AttachmentResult> {
  const id = positiveId(ctx, param<JsonValue>('attachmentId', ''), 'Attachment ID', itemIndex);
  const property = String(param<JsonValue>('binaryPropertyName', 'data') || 'data');
  const rows = await odoo.call('ir.attachment', 'read', [[id]], { fields: ['name', 'mimetype', 'file_size', 'res_model', 'res_id', 'datas'] });
  const row = Array.isArray(rows) ? rows[0] : undefined;
  if (row === undefined || row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new NodeOperationError(ctx.node.name, `Attachment ${id} was not found [item ${itemIndex}]`, { itemIndex });
  }
  const { datas, ...fields } = row;
  const name = typeof fields.name === 'string' && fields.name !== '' ? fields.name : `attachment-${id}`;
  const mimeType = typeof fields.mimetype === 'string' && fields.mimetype !== '' ? fields.mimetype : undefined;
  // A URL attachment (type "url") has no bytes: an empty file, as Odoo serves it.
  const bytes = typeof datas === 'string' ? Buffer.from(datas, 'base64') : Buffer.alloc(0);
  const binary = await prepareBinary(ctx, bytes, { filePath: name, ...(mimeType ? { mimeType } : {}) }, itemIndex);
  return { json: fields, binary: { [property]: binary } };
}

/** The `attachment` resource (our extension): files in and out of Odoo as binary items. */
export async function runAttachmentOperation(ctx: NodeContext, odoo: OdooGateway, operation: string, item: Item, itemIndex: number): Promise<AttachmentResult> {
  const param: Param = (path, fallback) => ctx.getParam(path, itemIndex, fallback);
  if (operation === 'create') return attach(ctx, odoo, param, item, itemIndex);
  if (operation === 'get') return download(ctx, odoo, param, itemIndex);
  throw new NodeOperationError(ctx.node.name, `The attachment resource supports "create" (attach a binary property to a record) and "get" (download one), not "${operation}"`, { itemIndex });
}
