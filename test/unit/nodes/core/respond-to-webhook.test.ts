import type { WebhookReply, WebhookResponder } from '../../../../src/contracts/node-services';
import type { NodeContext } from '../../../../src/contracts/node-type';
import type { WorkflowNode } from '../../../../src/workflow/types';
import type { JsonObject } from '../../../../src/workflow/json';
import { respondToWebhookNode } from '../../../../src/nodes/core/triggers/respond-to-webhook';
import { items } from '../../../helpers/node-context';
import { contextWith, outputsOf } from './context';

class RecordingResponder implements WebhookResponder {
  readonly replies: WebhookReply[] = [];
  get sent(): boolean {
    return this.replies.length > 0;
  }
  send(reply: WebhookReply): void {
    this.replies.push(reply);
  }
}

/** A Respond to Webhook node fed by a Webhook node. */
function respondContext(parameters: JsonObject, options: { version?: number; webhook?: boolean; responder?: WebhookResponder; continueOnFail?: boolean } = {}): NodeContext {
  const ctx = contextWith({
    type: 'n8n-nodes-base.respondToWebhook',
    typeVersion: options.version ?? 1.5,
    parameters,
    inputs: [items({ id: 1, name: 'a' }, { id: 2, name: 'b' })],
    services: options.responder ? { webhookResponse: options.responder } : {},
    continueOnFail: options.continueOnFail,
  });
  const webhook: WorkflowNode = { ...ctx.node, id: 'w', name: 'Webhook', type: options.webhook === false ? 'n8n-nodes-base.noOp' : 'n8n-nodes-base.webhook' };
  const workflow = {
    ...ctx.workflow,
    nodes: new Map([
      [webhook.name, webhook],
      [ctx.node.name, ctx.node],
    ]),
    connectionsByDestination: new Map([[ctx.node.name, [{ sourceNode: 'Webhook', sourceOutput: 0, inputIndex: 0 }]]]),
  };
  return { ...ctx, workflow };
}

describe('Respond to Webhook', () => {
  it('answers with the first item by default and passes the items on', async () => {
    const responder = new RecordingResponder();
    const result = await respondToWebhookNode.execute(respondContext({}, { responder }));
    expect(responder.replies).toEqual([{ statusCode: 200, headers: {}, body: { id: 1, name: 'a' } }]);
    expect(outputsOf(result)).toEqual([
      [
        { json: { id: 1, name: 'a' }, pairedItem: { item: 0 } },
        { json: { id: 2, name: 'b' }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('answers with all items under a key, with status and lower-cased headers', async () => {
    const responder = new RecordingResponder();
    const parameters = {
      respondWith: 'allIncomingItems',
      options: { responseCode: 201, responseKey: 'data.list', responseHeaders: { entries: [{ name: 'X-Trace', value: 7 }] } },
    };
    await respondToWebhookNode.execute(respondContext(parameters, { responder }));
    expect(responder.replies).toEqual([
      { statusCode: 201, headers: { 'x-trace': '7' }, body: { data: { list: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] } } },
    ]);
  });

  it('answers with JSON, text, a redirect or nothing', async () => {
    const reply = async (parameters: JsonObject) => {
      const responder = new RecordingResponder();
      await respondToWebhookNode.execute(respondContext(parameters, { responder }));
      return responder.replies[0];
    };
    expect(await reply({ respondWith: 'json', responseBody: '{"ok": true}' })).toEqual({ statusCode: 200, headers: {}, body: { ok: true } });
    expect(await reply({ respondWith: 'text', responseBody: 'hello' })).toEqual({ statusCode: 200, headers: {}, body: 'hello' });
    expect(await reply({ respondWith: 'redirect', redirectURL: 'https://example.com' })).toEqual({
      statusCode: 307,
      headers: { location: 'https://example.com' },
      body: undefined,
    });
    expect(await reply({ respondWith: 'noData', options: { responseCode: 204 } })).toEqual({ statusCode: 204, headers: {}, body: undefined });
  });

  it("reports invalid JSON with n8n's message", async () => {
    await expect(respondToWebhookNode.execute(respondContext({ respondWith: 'json', responseBody: '{oops' }))).rejects.toThrow(
      "Invalid JSON in 'Response Body' field",
    );
  });

  it('answers only once, and only passes items on without a responder', async () => {
    const responder = new RecordingResponder();
    responder.send({ statusCode: 200, headers: {}, body: 'first' });
    await respondToWebhookNode.execute(respondContext({ respondWith: 'text', responseBody: 'second' }, { responder }));
    expect(responder.replies).toHaveLength(1);
    const result = await respondToWebhookNode.execute(respondContext({}));
    expect(outputsOf(result)[0]).toHaveLength(2);
  });

  it('needs a Webhook node upstream from v1.1, as n8n', async () => {
    await expect(respondToWebhookNode.execute(respondContext({}, { webhook: false }))).rejects.toThrow('No Webhook node found in the workflow');
    const old = await respondToWebhookNode.execute(respondContext({}, { webhook: false, version: 1 }));
    expect(outputsOf(old)[0]).toHaveLength(2);
    const continued = await respondToWebhookNode.execute(respondContext({}, { webhook: false, continueOnFail: true }));
    expect(outputsOf(continued)).toEqual([[{ json: { error: 'No Webhook node found in the workflow' }, pairedItem: [{ item: 0 }, { item: 1 }] }]]);
  });

  it('shows the reply on a second output when enabled', async () => {
    const ctx = respondContext({ respondWith: 'text', responseBody: 'hi', enableResponseOutput: true });
    expect(respondToWebhookNode.outputs?.(ctx.node)).toBe(2);
    const result = outputsOf(await respondToWebhookNode.execute(ctx));
    expect(result[1]).toEqual([{ json: { response: { body: 'hi', headers: {}, statusCode: 200 } } }]);
  });

  it('answers with the binary data of the first item', async () => {
    const responder = new RecordingResponder();
    const ctx = respondContext({ respondWith: 'binary' }, { responder });
    const withFile = { ...ctx, getInputItems: () => [{ json: {}, binary: { file: { data: Buffer.from('hi').toString('base64'), mimeType: 'text/plain' } } }] };
    await respondToWebhookNode.execute(withFile);
    expect(responder.replies[0]).toEqual({ statusCode: 200, headers: { 'content-length': '2', 'content-type': 'text/plain' }, body: Buffer.from('hi') });
  });
});
