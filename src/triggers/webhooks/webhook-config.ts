import { WorkflowValidationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Workflow, WorkflowNode } from '../../workflow/types';
import { RESPOND_TO_WEBHOOK_NODE_TYPE } from '../trigger-nodes';
import { normalizeWebhookPath } from './webhook-path';

export type WebhookResponseMode = 'onReceived' | 'lastNode' | 'responseNode';
export type LastNodeResponseData = 'firstEntryJson' | 'firstEntryBinary' | 'allEntries' | 'noData';

export type WebhookAuth =
  | { kind: 'none' }
  | { kind: 'basicAuth'; user: string; password: string }
  | { kind: 'headerAuth'; name: string; value: string };

/** A Webhook node's parameters, read once at activation (n8n Webhook v1, 1.1, 2, 2.1). */
export interface WebhookConfig {
  nodeName: string;
  webhookId?: string;
  /** Normalized template, e.g. `orders/:id`. */
  path: string;
  /** Upper-case methods; more than one only with `multipleMethods`. */
  methods: string[];
  /** With several methods the node has one output per method, in this order. */
  multipleMethods: boolean;
  auth: WebhookAuth;
  responseMode: WebhookResponseMode;
  responseCode: number;
  /** lastNode: which data to answer with. */
  lastNodeData: LastNodeResponseData;
  /** onReceived: custom body text (options.responseData). */
  onReceivedData?: string;
  noResponseBody: boolean;
  responseHeaders: Record<string, string>;
  responsePropertyName?: string;
  responseContentType?: string;
  responseBinaryPropertyName: string;
  rawBody: boolean;
  /** v1 `binaryData` option: the whole body is a file. */
  binaryData: boolean;
  binaryPropertyName: string;
  /** The binaryPropertyName option as set (multipart uploads are renamed only when it is). */
  binaryPropertyOption?: string;
}

const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
const RESPONSE_MODES: readonly WebhookResponseMode[] = ['onReceived', 'lastNode', 'responseNode'];
const LAST_NODE_DATA: readonly LastNodeResponseData[] = ['firstEntryJson', 'firstEntryBinary', 'allEntries', 'noData'];

type Fail = (message: string, field: string) => never;

function isExpression(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && value.startsWith('=');
}

function optionalString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' && !isExpression(value) ? value : undefined;
}

function readMethods(parameters: JsonObject, fail: Fail): { methods: string[]; multipleMethods: boolean } {
  const multipleMethods = parameters.multipleMethods === true;
  const raw = parameters.httpMethod ?? (multipleMethods ? ['GET', 'POST'] : 'GET');
  if (isExpression(raw)) fail('httpMethod must be a fixed value, not an expression', 'httpMethod');
  const list = Array.isArray(raw) ? raw : [raw];
  const methods = list.map((method) => (typeof method === 'string' ? method.toUpperCase() : ''));
  const unknown = methods.find((method) => !HTTP_METHODS.includes(method));
  if (unknown !== undefined || methods.length === 0) {
    fail(`httpMethod must be one of ${HTTP_METHODS.join(', ')}, got ${JSON.stringify(raw)}`, 'httpMethod');
  }
  return { methods: [...new Set(methods)], multipleMethods: Array.isArray(raw) };
}

/**
 * Credentials as this service stores them: n8n keeps only a reference to its credential
 * store, which we do not have, so the values sit in the node's `credentials` (n8n JSON) or
 * in `parameters.credentials` (Odoo node records have no credentials field).
 */
function credentialOf(node: WorkflowNode, type: string): JsonObject | undefined {
  const fromNode = node.credentials?.[type];
  if (isJsonObject(fromNode)) return fromNode;
  const fromParameters = node.parameters.credentials;
  if (isJsonObject(fromParameters) && isJsonObject(fromParameters[type])) return fromParameters[type] as JsonObject;
  return undefined;
}

function readAuth(node: WorkflowNode, fail: Fail): WebhookAuth {
  const kind = node.parameters.authentication ?? 'none';
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'basicAuth') {
    const credential = credentialOf(node, 'httpBasicAuth');
    const user = credential?.user ?? credential?.username;
    const password = credential?.password;
    if (typeof user !== 'string' || user === '' || typeof password !== 'string') {
      fail('basic authentication needs credentials.httpBasicAuth with "user" and "password"', 'credentials.httpBasicAuth');
    }
    return { kind: 'basicAuth', user: user as string, password: password as string };
  }
  if (kind === 'headerAuth') {
    const credential = credentialOf(node, 'httpHeaderAuth');
    const name = credential?.name;
    const value = credential?.value;
    if (typeof name !== 'string' || name === '' || typeof value !== 'string') {
      fail('header authentication needs credentials.httpHeaderAuth with "name" and "value"', 'credentials.httpHeaderAuth');
    }
    return { kind: 'headerAuth', name: (name as string).toLowerCase(), value: value as string };
  }
  return fail(`authentication "${String(kind)}" is not supported (none, basicAuth, headerAuth)`, 'authentication');
}

/** n8n's getResponseCode: v1 `responseCode`, v2 `options.responseCode.values`. */
function readResponseCode(parameters: JsonObject, options: JsonObject, fail: Fail): number {
  let code: JsonValue | undefined = parameters.responseCode;
  const values = isJsonObject(options.responseCode) ? options.responseCode.values : undefined;
  if (code === undefined && isJsonObject(values)) {
    code = values.responseCode === 'customCode' ? values.customCode : (values.customCode ?? values.responseCode);
  }
  if (code === undefined) return 200;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599) {
    fail(`responseCode must be an HTTP status from 100 to 599, got ${JSON.stringify(code)}`, 'responseCode');
  }
  return code as number;
}

function readResponseHeaders(options: JsonObject): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries = isJsonObject(options.responseHeaders) ? options.responseHeaders.entries : undefined;
  if (!Array.isArray(entries)) return headers;
  for (const entry of entries) {
    if (isJsonObject(entry) && typeof entry.name === 'string' && entry.name !== '' && typeof entry.value === 'string') {
      headers[entry.name.toLowerCase()] = entry.value;
    }
  }
  return headers;
}

function hasRespondToWebhookChild(workflow: Workflow, nodeName: string): boolean {
  const seen = new Set<string>();
  const queue = [nodeName];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const targets of workflow.connectionsBySource.get(current) ?? []) {
      for (const target of targets) {
        if (seen.has(target.node)) continue;
        seen.add(target.node);
        if (workflow.nodes.get(target.node)?.type === RESPOND_TO_WEBHOOK_NODE_TYPE) return true;
        queue.push(target.node);
      }
    }
  }
  return false;
}

/** Reads and checks a Webhook node; every refusal names the workflow, node and parameter. */
export function readWebhookConfig(workflow: Workflow, node: WorkflowNode): WebhookConfig {
  const fail: Fail = (message, field) => {
    throw new WorkflowValidationError(`Workflow "${workflow.name}": Webhook node "${node.name}": ${message}`, {
      workflow: workflow.name,
      node: node.name,
      field,
    });
  };
  const { parameters } = node;
  const options = isJsonObject(parameters.options) ? parameters.options : {};
  if (isExpression(parameters.path)) fail('path must be a fixed value, not an expression', 'path');
  const path = normalizeWebhookPath(typeof parameters.path === 'string' ? parameters.path : (node.webhookId ?? ''));
  if (path === '') fail('path is empty', 'path');
  if (/[?#\s]/.test(path) || path.split('/').some((segment) => segment === '')) fail(`path "${path}" is not a valid URL path`, 'path');
  const responseMode = (parameters.responseMode ?? 'onReceived') as WebhookResponseMode;
  if (!RESPONSE_MODES.includes(responseMode)) {
    fail(`responseMode must be one of ${RESPONSE_MODES.join(', ')}, got ${JSON.stringify(parameters.responseMode)}`, 'responseMode');
  }
  // n8n's checkResponseModeConfiguration, done at activation instead of on every call.
  const respondNodeConnected = hasRespondToWebhookChild(workflow, node.name);
  if (responseMode === 'responseNode' && !respondNodeConnected) {
    fail('No Respond to Webhook node found in the workflow: insert one or choose another "Respond" option', 'responseMode');
  }
  if (responseMode !== 'responseNode' && respondNodeConnected) {
    fail('Webhook node not correctly configured: set "Respond" to "Using Respond to Webhook Node" or remove the Respond to Webhook node', 'responseMode');
  }
  const lastNodeData = (optionalString(parameters.responseData) ?? 'firstEntryJson') as LastNodeResponseData;
  if (responseMode === 'lastNode' && !LAST_NODE_DATA.includes(lastNodeData)) {
    fail(`responseData must be one of ${LAST_NODE_DATA.join(', ')}, got ${JSON.stringify(parameters.responseData)}`, 'responseData');
  }
  const config: WebhookConfig = {
    nodeName: node.name,
    path,
    ...readMethods(parameters, fail),
    auth: readAuth(node, fail),
    responseMode,
    responseCode: readResponseCode(parameters, options, fail),
    lastNodeData,
    noResponseBody: options.noResponseBody === true,
    responseHeaders: readResponseHeaders(options),
    responseBinaryPropertyName: optionalString(parameters.responseBinaryPropertyName) ?? 'data',
    rawBody: options.rawBody === true,
    binaryData: node.typeVersion === 1 && options.binaryData === true,
    binaryPropertyName: optionalString(options.binaryPropertyName) ?? 'data',
    binaryPropertyOption: optionalString(options.binaryPropertyName),
  };
  if (node.webhookId !== undefined) config.webhookId = node.webhookId;
  const onReceivedData = optionalString(options.responseData);
  if (onReceivedData !== undefined) config.onReceivedData = onReceivedData;
  const propertyName = optionalString(options.responsePropertyName);
  if (propertyName !== undefined) config.responsePropertyName = propertyName;
  const contentType = optionalString(options.responseContentType);
  if (contentType !== undefined) config.responseContentType = contentType;
  return config;
}
