import { WorkflowValidationError } from '../../errors';
import {
  AUTH_CREDENTIAL_TYPE,
  credentialReference,
  inlineCredentials,
  isExpression,
  isWebhookAuthKind,
  optionalText,
  rawParameterReader,
  readWebhookResponseConfig,
  webhookAuthFromCredential,
  type BodyOptions,
  type ParameterFailure,
  type WebhookAuth,
  type WebhookResponseConfig,
} from '../../nodes/webhook';
import { isJsonObject, type JsonObject } from '../../workflow/json';
import type { Workflow, WorkflowNode } from '../../workflow/types';
import { RESPOND_TO_WEBHOOK_NODE_TYPE } from '../trigger-nodes';
import { normalizeWebhookPath } from './webhook-path';

/** A Webhook node's parameters, read once at activation (n8n Webhook v1, 1.1, 2, 2.1). */
export interface WebhookConfig extends WebhookResponseConfig, Omit<BodyOptions, 'target'> {
  nodeName: string;
  webhookId?: string;
  /** Normalized template, e.g. `orders/:id`. */
  path: string;
  /** Upper-case methods; more than one only with `multipleMethods`. */
  methods: string[];
  /** With several methods the node has one output per method, in this order. */
  multipleMethods: boolean;
  /** Resolved now when the values are inline; `stored`: looked up in the credential store per call. */
  auth: WebhookAuth | StoredWebhookAuth;
  /** The binaryPropertyName option as set (multipart uploads are renamed only when it is). */
  binaryPropertyOption?: string;
}

const HTTP_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

function readMethods(parameters: JsonObject, fail: ParameterFailure): { methods: string[]; multipleMethods: boolean } {
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

/** Basic, header or JWT auth whose secrets are in the credential store, read (and decrypted) per call as n8n does. */
export interface StoredWebhookAuth {
  kind: 'stored';
  of: 'basicAuth' | 'headerAuth' | 'jwtAuth';
}

/**
 * Basic or header auth. Inline values are checked now so a call never meets a
 * half-configured node; a reference to a stored credential is resolved per call (so a
 * changed credential applies at once, and an unusable one answers 500 as in n8n).
 */
function readAuth(node: WorkflowNode, fail: ParameterFailure): WebhookAuth | StoredWebhookAuth {
  const kind = node.parameters.authentication ?? 'none';
  if (!isWebhookAuthKind(kind)) return fail(`authentication "${String(kind)}" is not supported (none, basicAuth, headerAuth, jwtAuth)`, 'authentication');
  if (kind === 'none') return { kind };
  const inline = inlineCredentials(node, AUTH_CREDENTIAL_TYPE[kind]);
  if (inline === undefined && credentialReference(node, AUTH_CREDENTIAL_TYPE[kind]) !== undefined) return { kind: 'stored', of: kind };
  const auth = webhookAuthFromCredential(kind, inline);
  if (auth !== undefined) return auth;
  if (kind === 'jwtAuth') return fail('JWT authentication needs credentials.jwtAuth (a stored jwtAuth credential)', 'credentials.jwtAuth');
  return kind === 'basicAuth'
    ? fail('basic authentication needs credentials.httpBasicAuth with "user" and "password"', 'credentials.httpBasicAuth')
    : fail('header authentication needs credentials.httpHeaderAuth with "name" and "value"', 'credentials.httpHeaderAuth');
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
  const fail: ParameterFailure = (message, field) => {
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
  const response = readWebhookResponseConfig(rawParameterReader(parameters), fail);
  // n8n's checkResponseModeConfiguration, done at activation instead of on every call.
  const respondNodeConnected = hasRespondToWebhookChild(workflow, node.name);
  if (response.responseMode === 'responseNode' && !respondNodeConnected) {
    fail('No Respond to Webhook node found in the workflow: insert one or choose another "Respond" option', 'responseMode');
  }
  if (response.responseMode !== 'responseNode' && respondNodeConnected) {
    fail('Webhook node not correctly configured: set "Respond" to "Using Respond to Webhook Node" or remove the Respond to Webhook node', 'responseMode');
  }
  const config: WebhookConfig = {
    nodeName: node.name,
    path,
    ...readMethods(parameters, fail),
    auth: readAuth(node, fail),
    ...response,
    rawBody: options.rawBody === true,
    binaryData: node.typeVersion === 1 && options.binaryData === true,
    binaryPropertyName: optionalText(options.binaryPropertyName) ?? 'data',
    binaryPropertyOption: optionalText(options.binaryPropertyName),
  };
  if (node.webhookId !== undefined) config.webhookId = node.webhookId;
  return config;
}
