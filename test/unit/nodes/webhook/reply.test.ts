import type { Item, RunExecutionData } from '../../../../src/contracts/run-data';
import { emptyRunState } from '../../../../src/engine/run-state';
import { afterRunReply, onReceivedReply, runFailed, type WebhookResponseConfig } from '../../../../src/nodes/webhook';

const config = (extra: Partial<WebhookResponseConfig> = {}): WebhookResponseConfig => ({
  responseMode: 'lastNode',
  responseCode: 200,
  lastNodeData: 'firstEntryJson',
  noResponseBody: false,
  responseHeaders: { 'x-from': 'hook' },
  responseBinaryPropertyName: 'data',
  ...extra,
});

function ranWith(items: Item[], error?: { message: string }): RunExecutionData {
  const data = emptyRunState();
  data.resultData.lastNodeExecuted = 'Last';
  data.resultData.runData.Last = [
    { startTime: 0, executionTime: 1, executionIndex: 0, executionStatus: error ? 'error' : 'success', source: [], data: { main: [items] }, ...(error ? { error } : {}) },
  ] as unknown as RunExecutionData['resultData']['runData'][string];
  return data;
}

describe('webhook replies (shared by the Webhook node and Wait resume)', () => {
  it('answers onReceived with n8n message, the custom text, or nothing', async () => {
    expect(onReceivedReply(config({ responseMode: 'onReceived' }))).toEqual({ statusCode: 200, headers: { 'x-from': 'hook' }, body: { message: 'Workflow was started' } });
    expect(onReceivedReply(config({ responseMode: 'onReceived', onReceivedData: 'ok' }))).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-from': 'hook' },
      body: 'ok',
    });
    expect(onReceivedReply(config({ noResponseBody: true, responseCode: 204 }))).toEqual({ statusCode: 204, headers: { 'x-from': 'hook' }, body: undefined });
  });

  it('answers lastNode from the first item, a property of it, all items or nothing', async () => {
    const data = ranWith([{ json: { a: { b: 7 } } }, { json: { a: 2 } }]);
    expect(await afterRunReply(config(), data, false)).toEqual({ statusCode: 200, headers: { 'x-from': 'hook' }, body: { a: { b: 7 } } });
    expect((await afterRunReply(config({ responsePropertyName: 'a.b' }), data, false)).body).toBe(7);
    expect((await afterRunReply(config({ lastNodeData: 'allEntries' }), data, false)).body).toEqual([{ a: { b: 7 } }, { a: 2 }]);
    expect(await afterRunReply(config({ lastNodeData: 'noData' }), data, false)).toEqual({ statusCode: 200, headers: { 'x-from': 'hook' }, body: undefined });
    expect((await afterRunReply(config({ responseContentType: 'text/html' }), data, false)).headers).toEqual({ 'x-from': 'hook', 'content-type': 'text/html' });
  });

  it("uses n8n's exact messages when there is nothing to return", async () => {
    expect(await afterRunReply(config(), ranWith([]), false)).toEqual({ statusCode: 500, headers: {}, body: { message: 'No item to return was found' } });
    expect((await afterRunReply(config({ lastNodeData: 'firstEntryBinary' }), ranWith([]), false)).body).toEqual({ message: 'No item was found to return' });
    expect((await afterRunReply(config({ lastNodeData: 'firstEntryBinary' }), ranWith([{ json: {} }]), false)).body).toEqual({ message: 'No binary data was found to return' });
    expect(await afterRunReply(config(), emptyRunState(), false)).toEqual({
      statusCode: 200,
      headers: { 'x-from': 'hook' },
      body: { message: 'Workflow executed successfully but the last node did not return any data' },
    });
  });

  it('answers a binary item with its bytes and type', async () => {
    const data = ranWith([{ json: {}, binary: { data: { data: Buffer.from('hi').toString('base64'), mimeType: 'text/csv' } } }]);
    const reply = await afterRunReply(config({ lastNodeData: 'firstEntryBinary' }), data, false);
    expect(reply.headers['content-type']).toBe('text/csv');
    expect(reply.body).toEqual(Buffer.from('hi'));
  });

  it('answers a failed run 500 "Error in workflow", and responseNode without a reply with the code and no body', async () => {
    expect(await afterRunReply(config(), ranWith([{ json: {} }]), true)).toEqual({ statusCode: 500, headers: {}, body: { message: 'Error in workflow' } });
    expect(await afterRunReply(config({ responseMode: 'responseNode', responseCode: 202 }), undefined, false)).toEqual({ statusCode: 202, headers: {}, body: undefined });
  });

  it('counts a run failed by status, by run error or by a failed last node', () => {
    expect(runFailed('cancelled', undefined)).toBe(true);
    expect(runFailed('crashed', undefined)).toBe(true);
    expect(runFailed('success', ranWith([{ json: {} }]))).toBe(false);
    expect(runFailed('success', ranWith([], { message: 'x' }))).toBe(true);
    const withRunError = ranWith([{ json: {} }]);
    withRunError.resultData.error = { message: 'boom' } as RunExecutionData['resultData']['error'];
    expect(runFailed('success', withRunError)).toBe(true);
  });
});
