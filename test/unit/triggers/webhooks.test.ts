import { WorkflowValidationError } from '../../../src/errors';
import type { LoadedWorkflow } from '../../../src/executions/workflow-loader';
import { parseWebhookBody } from '../../../src/nodes/webhook';
import { readWebhookConfig, type WebhookConfig } from '../../../src/triggers/webhooks/webhook-config';
import { WebhookRegistry } from '../../../src/triggers/webhooks/webhook-registry';
import type { JsonObject } from '../../../src/workflow/json';
import type { Workflow, WorkflowNode } from '../../../src/workflow/types';

function webhookNode(parameters: JsonObject, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters, ...extra } as WorkflowNode;
}

function workflowWith(node: WorkflowNode, respondNode = false): Workflow {
  const nodes = new Map<string, WorkflowNode>([[node.name, node]]);
  const connections = new Map<string, Array<Array<{ node: string; type: string; index: number }>>>();
  if (respondNode) {
    nodes.set('Respond', { name: 'Respond', type: 'n8n-nodes-base.respondToWebhook' } as WorkflowNode);
    connections.set(node.name, [[{ node: 'Respond', type: 'main', index: 0 }]]);
  }
  return { name: 'Orders', nodes, connectionsBySource: connections } as unknown as Workflow;
}

const config = (parameters: JsonObject, extra: Partial<WorkflowNode> = {}, respondNode = false): WebhookConfig => {
  const node = webhookNode(parameters, extra);
  return readWebhookConfig(workflowWith(node, respondNode), node);
};

const refusal = (parameters: JsonObject, extra: Partial<WorkflowNode> = {}, respondNode = false): string => {
  try {
    config(parameters, extra, respondNode);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('Webhook node configuration', () => {
  it('reads n8n defaults: GET, onReceived, 200, firstEntryJson', () => {
    expect(config({ path: '/orders/' })).toEqual({
      nodeName: 'Hook',
      path: 'orders',
      methods: ['GET'],
      multipleMethods: false,
      auth: { kind: 'none' },
      responseMode: 'onReceived',
      responseCode: 200,
      lastNodeData: 'firstEntryJson',
      noResponseBody: false,
      responseHeaders: {},
      responseBinaryPropertyName: 'data',
      rawBody: false,
      binaryData: false,
      binaryPropertyName: 'data',
    });
  });

  it('reads methods, response options, v1 and v2 response codes and headers', () => {
    const read = config({
      path: 'orders/:id',
      multipleMethods: true,
      httpMethod: ['post', 'PUT'],
      responseMode: 'lastNode',
      responseData: 'allEntries',
      options: {
        responseCode: { values: { responseCode: 'customCode', customCode: 418 } },
        responseHeaders: { entries: [{ name: 'X-Trace', value: 'abc' }] },
        rawBody: true,
      },
    });
    expect(read).toMatchObject({ path: 'orders/:id', methods: ['POST', 'PUT'], multipleMethods: true, responseMode: 'lastNode', lastNodeData: 'allEntries', responseCode: 418, responseHeaders: { 'x-trace': 'abc' }, rawBody: true });
    expect(config({ path: 'v1', responseCode: 201 }, { typeVersion: 1 }).responseCode).toBe(201);
  });

  it('takes credentials from the node or from parameters.credentials', () => {
    expect(config({ path: 'a', authentication: 'basicAuth' }, { credentials: { httpBasicAuth: { user: 'odoo', password: 's3cret' } } }).auth).toEqual({ kind: 'basicAuth', user: 'odoo', password: 's3cret' });
    expect(config({ path: 'a', authentication: 'headerAuth', credentials: { httpHeaderAuth: { name: 'X-Key', value: 'k1' } } }).auth).toEqual({ kind: 'headerAuth', name: 'x-key', value: 'k1' });
  });

  it('refuses unusable parameters naming workflow, node and parameter', () => {
    expect(refusal({ path: '' })).toBe('Workflow "Orders": Webhook node "Hook": path is empty');
    expect(refusal({ path: '={{ $json.p }}' })).toBe('Workflow "Orders": Webhook node "Hook": path must be a fixed value, not an expression');
    expect(refusal({ path: 'a', httpMethod: 'FETCH' })).toBe('Workflow "Orders": Webhook node "Hook": httpMethod must be one of DELETE, GET, HEAD, PATCH, POST, PUT, got "FETCH"');
    expect(refusal({ path: 'a', authentication: 'basicAuth' })).toBe(
      'Workflow "Orders": Webhook node "Hook": basic authentication needs credentials.httpBasicAuth with "user" and "password"',
    );
    expect(refusal({ path: 'a', authentication: 'digestAuth' })).toBe('Workflow "Orders": Webhook node "Hook": authentication "digestAuth" is not supported (none, basicAuth, headerAuth, jwtAuth)');
    expect(refusal({ path: 'a', authentication: 'jwtAuth' })).toBe('Workflow "Orders": Webhook node "Hook": JWT authentication needs credentials.jwtAuth (a stored jwtAuth credential)');
    expect(refusal({ path: 'a', responseMode: 'responseNode' })).toBe(
      'Workflow "Orders": Webhook node "Hook": No Respond to Webhook node found in the workflow: insert one or choose another "Respond" option',
    );
    expect(refusal({ path: 'a' }, {}, true)).toBe(
      'Workflow "Orders": Webhook node "Hook": Webhook node not correctly configured: set "Respond" to "Using Respond to Webhook Node" or remove the Respond to Webhook node',
    );
  });
});

describe('WebhookRegistry', () => {
  const registration = (canvasId: string, path: string, methods: string[], webhookId?: string) => ({
    canvasId,
    config: { ...config({ path }), methods, webhookId },
    loaded: { workflow: { name: canvasId } } as unknown as LoadedWorkflow,
  });

  it('matches static paths first, then the most specific parameter path', () => {
    const registry = new WebhookRegistry();
    registry.replace('a', [registration('a', 'orders/:id', ['GET']), registration('a', 'orders/new', ['GET'])]);
    registry.replace('b', [registration('b', 'orders/:id/lines/:line', ['GET'], 'hook-id-b')]);
    expect(registry.match('GET', 'orders/new')).toMatchObject({ registration: { config: { path: 'orders/new' } }, params: {} });
    expect(registry.match('GET', 'orders/42')).toMatchObject({ registration: { config: { path: 'orders/:id' } }, params: { id: '42' } });
    expect(registry.match('GET', 'orders/a%2Fb/lines/7')?.params).toEqual({ id: 'a/b', line: '7' });
    // n8n's own URL for parameter paths carries the node's webhookId first.
    expect(registry.match('GET', 'hook-id-b/orders/1/lines/2')?.params).toEqual({ id: '1', line: '2' });
    expect(registry.match('POST', 'orders/42')).toBeUndefined();
    expect(registry.methodsFor('orders/42')).toEqual(['GET']);
  });

  it('reports a path and method another workflow already answers', () => {
    const registry = new WebhookRegistry();
    registry.replace('a', [registration('a', 'orders/:id', ['GET', 'POST'])]);
    expect(registry.findConflict('b', [registration('b', 'orders/:orderId', ['POST'])])).toMatchObject({ method: 'POST', path: 'orders/:orderId', nodeName: 'Hook', owner: { canvasId: 'a' } });
    expect(registry.findConflict('b', [registration('b', 'orders/new', ['POST'])])).toBeUndefined();
    expect(registry.findConflict('a', [registration('a', 'orders/:id', ['POST'])])).toBeUndefined();
    registry.remove('a');
    expect(registry.match('GET', 'orders/1')).toBeUndefined();
    expect(registry.size).toBe(0);
  });
});

describe('webhook body kinds', () => {
  const options = { rawBody: false, binaryData: false, binaryPropertyName: 'data', target: 'webhook node "Hook"' };
  const bytes = (text: string) => Buffer.from(text);

  it('parses JSON, forms and text, and keeps anything else as a file', () => {
    expect(parseWebhookBody(bytes('{"a":[1,2]}'), 'application/json; charset=utf-8', options)).toEqual({ body: { a: [1, 2] } });
    expect(parseWebhookBody(bytes('a=1&b=x%20y&a=2'), 'application/x-www-form-urlencoded', options)).toEqual({ body: { a: ['1', '2'], b: 'x y' } });
    expect(parseWebhookBody(bytes('hello'), 'text/plain', options)).toEqual({ body: 'hello' });
    expect(parseWebhookBody(bytes('<a/>'), 'application/xml', options)).toEqual({ body: '<a/>' });
    expect(parseWebhookBody(Buffer.from([0, 1, 2]), 'image/png', options)).toEqual({ body: {}, binary: { data: { data: 'AAEC', mimeType: 'image/png', fileSize: '3 B' } } });
    expect(parseWebhookBody(Buffer.alloc(0), undefined, options)).toEqual({ body: {} });
  });

  it('adds the raw bytes with the rawBody option', () => {
    expect(parseWebhookBody(bytes('{"a":1}'), 'application/json', { ...options, rawBody: true })).toEqual({
      body: { a: 1 },
      binary: { data: { data: Buffer.from('{"a":1}').toString('base64'), mimeType: 'application/json', fileSize: '7 B' } },
    });
  });

  it('refuses malformed JSON naming the receiver', () => {
    expect(() => parseWebhookBody(bytes('{"a":'), 'application/json', options)).toThrow(
      'The body sent to webhook node "Hook" is not valid JSON: Unexpected end of JSON input',
    );
  });
});
