import { Readable } from 'node:stream';
import { binaryByteLength } from '../../../binary';
import { NodeOperationError } from '../../../errors';
import { binaryToBuffer, binaryToStream } from '../../binary-helpers';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { Workflow, WorkflowNode } from '../../../workflow/types';
import type { WebhookReply } from '../../../contracts/node-services';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { errorItem, passItem, readObject, readString } from '../shared/node-helpers';
import { setPath } from '../shared/object-path';

/**
 * n8n's Respond to Webhook: builds the HTTP reply (items, JSON, text, binary, redirect or
 * nothing) and hands it to the webhook responder, then passes its items on. Without a
 * responder (CLI, manual runs) the reply is only shown on the optional second output.
 */

const WEBHOOK_TYPES = new Set([
  'n8n-nodes-base.webhook',
  'n8n-nodes-base.formTrigger',
  '@n8n/n8n-nodes-langchain.chatTrigger',
  'n8n-nodes-base.wait',
]);
const DEFAULT_JSON_BODY = '{\n  "myField": "value"\n}';

/** Whether a webhook-like node feeds this one, directly or further up. */
function hasWebhookAncestor(workflow: Workflow, nodeName: string): boolean {
  const seen = new Set<string>();
  const pending = [nodeName];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const incoming of workflow.connectionsByDestination.get(current) ?? []) {
      if (seen.has(incoming.sourceNode)) continue;
      seen.add(incoming.sourceNode);
      const source = workflow.nodes.get(incoming.sourceNode);
      if (source && WEBHOOK_TYPES.has(source.type)) return true;
      pending.push(incoming.sourceNode);
    }
  }
  return false;
}

function replyHeaders(options: JsonObject): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries = isJsonObjectValue(options.responseHeaders) ? options.responseHeaders.entries : undefined;
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isJsonObjectValue(entry) || entry.name === undefined || entry.name === null) continue;
    headers[String(entry.name).toLowerCase()] = entry.value === undefined || entry.value === null ? '' : String(entry.value);
  }
  return headers;
}

function keyed(options: JsonObject, body: JsonValue): JsonValue {
  const key = options.responseKey;
  if (typeof key !== 'string' || key === '') return body;
  const wrapped: JsonObject = {};
  setPath(wrapped, key, body);
  return wrapped;
}

function jsonBody(ctx: NodeContext): JsonValue | undefined {
  const body = ctx.getParam<JsonValue | undefined>('responseBody', 0, DEFAULT_JSON_BODY);
  if (!body) return undefined;
  if (typeof body === 'object') return body;
  try {
    return JSON.parse(String(body)) as JsonValue;
  } catch {
    throw new NodeOperationError(ctx.node.name, "Invalid JSON in 'Response Body' field", {
      description: "Check that the syntax of the JSON in the 'Response Body' parameter is valid",
    });
  }
}

async function binaryBody(ctx: NodeContext, items: Item[], headers: Record<string, string>): Promise<Buffer | Readable> {
  const binary = items[0]?.binary;
  if (binary === undefined) throw new NodeOperationError(ctx.node.name, 'No binary data exists on the first item!');
  const source = readString(ctx, 'responseDataSource', 0, 'automatically');
  const property = source === 'set' ? readString(ctx, 'inputFieldName', 0, 'data') : Object.keys(binary)[0];
  const data = property === undefined ? undefined : binary[property];
  if (!data) {
    throw new NodeOperationError(ctx.node.name, property === undefined ? 'No binary data exists on the first item!' : `The item has no binary field '${property}'`);
  }
  headers['content-length'] = String(binaryByteLength(data));
  headers['content-type'] ??= data.mimeType;
  // A stored file is streamed: a large file never sits in memory on its way out.
  return data.id === undefined ? binaryToBuffer(ctx, data, 0) : binaryToStream(ctx, data, 0);
}

async function buildReply(ctx: NodeContext, items: Item[]): Promise<WebhookReply> {
  const options = readObject(ctx, 'options', 0);
  const respondWith = readString(ctx, 'respondWith', 0, 'firstIncomingItem');
  const headers = replyHeaders(options);
  let statusCode = Number(options.responseCode) || 200;
  let body: WebhookReply['body'];
  switch (respondWith) {
    case 'json':
      body = jsonBody(ctx);
      break;
    case 'allIncomingItems':
      body = keyed(options, items.map((item) => item.json));
      break;
    case 'firstIncomingItem':
      body = keyed(options, items[0]?.json ?? {});
      break;
    case 'text':
      body = ctx.getParam<JsonValue | undefined>('responseBody', 0, '') as WebhookReply['body'];
      break;
    case 'binary':
      body = await binaryBody(ctx, items, headers);
      break;
    case 'redirect':
      headers.location = readString(ctx, 'redirectURL', 0, '');
      statusCode = options.responseCode === undefined ? 307 : Number(options.responseCode);
      break;
    case 'noData':
      break;
    case 'jwt':
      throw new NodeOperationError(ctx.node.name, 'Error signing JWT token', {
        description: 'Responding with a JWT needs JWT credentials, which this service does not hold yet',
      });
    default:
      throw new NodeOperationError(ctx.node.name, `The Response Data option "${respondWith}" is not supported!`);
  }
  return { statusCode, headers, body };
}

function replyAsJson(reply: WebhookReply): JsonObject {
  const body = reply.body instanceof Readable ? undefined : Buffer.isBuffer(reply.body) ? (reply.body.toJSON() as unknown as JsonObject) : reply.body;
  const response: JsonObject = { headers: reply.headers, statusCode: reply.statusCode };
  if (body !== undefined) response.body = body;
  return { response };
}

function hasResponseOutput(node: WorkflowNode): boolean {
  return node.typeVersion === 1.3 || (node.typeVersion >= 1.4 && node.parameters.enableResponseOutput === true);
}

async function respond(ctx: NodeContext): Promise<Item[][]> {
  const items = ctx.getInputItems(0);
  let reply: WebhookReply;
  try {
    if (ctx.node.typeVersion >= 1.1 && !hasWebhookAncestor(ctx.workflow, ctx.node.name)) {
      throw new NodeOperationError(ctx.node.name, 'No Webhook node found in the workflow', {
        description: 'Insert a Webhook node to your workflow and set the “Respond” parameter to “Using Respond to Webhook Node” ',
      });
    }
    reply = await buildReply(ctx, items);
    const responder = ctx.services.webhookResponse;
    // n8n answers a webhook once: a later Respond to Webhook is ignored.
    if (responder && !responder.sent) responder.send(reply);
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    const failed = errorItem(error);
    failed.pairedItem = items.map((_, item) => ({ item }));
    return [[failed]];
  }
  const passed = items.map((item, index) => passItem(item, index));
  return hasResponseOutput(ctx.node) ? [passed, [{ json: replyAsJson(reply) }]] : [passed];
}

export const respondToWebhookNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.respondToWebhook',
  aliases: ['respondToWebhook'],
  displayName: 'Respond to Webhook',
  versions: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
  outputs: (node) => (hasResponseOutput(node) ? 2 : 1),
  execute: async (ctx) => respond(ctx),
};
