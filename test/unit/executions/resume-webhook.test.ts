import { createResumeWebhookHandler, type ResumeRequest, type ResumeWebhookHandler } from '../../../src/waiting';
import type { JsonObject } from '../../../src/workflow/json';
import type { NodeJson } from '../../../src/workflow/types';
import { createHarness, eventually, PUBLIC_URL, workflowJson, type Harness } from './service-fixture';

let h: Harness;
let handle: ResumeWebhookHandler;
afterEach(async () => {
  await h.close();
});

/** Start -> Wait(parameters) -> Last (a `test.tag` or the node given). */
function setUp(waitParameters: JsonObject, waitExtra: Partial<NodeJson> = {}, last: [string, JsonObject] = ['test.tag', { field: 'after', value: 1 }]) {
  const workflow = workflowJson(
    'flow',
    [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook', httpMethod: 'POST', ...waitParameters }, { typeVersion: 1.1, ...waitExtra }],
      ['Last', last[0], last[1]],
    ],
    [
      ['Start', 'Wait'],
      ['Wait', 'Last'],
    ],
  );
  h = createHarness({ workflows: [workflow] });
  handle = createResumeWebhookHandler({ service: h.service, executions: h.executions, resumeTokens: h.tokens, publicUrl: PUBLIC_URL });
}

async function parked(): Promise<string> {
  const started = await h.service.start({ workflowId: 'flow', mode: 'production' });
  expect((await started.done).status).toBe('waiting');
  return started.executionId;
}

function call(id: string, extra: Partial<ResumeRequest> = {}): Promise<ReturnType<ResumeWebhookHandler> extends Promise<infer R> ? R : never> {
  return handle({ executionId: id, method: 'POST', query: { signature: h.tokens.sign(id) }, headers: { 'content-type': 'application/json' }, body: { answer: 42 }, ...extra });
}

async function statusOf(id: string) {
  return eventually(async () => {
    const record = await h.executions.get(id);
    return record && record.status !== 'running' ? record.status : undefined;
  });
}

describe('resume webhook handler: refusals', () => {
  it('answers 404 for an execution that does not exist, 409 for one that no longer waits', async () => {
    setUp({});
    const unknown = '0190a000-0000-7000-8000-00000000dead';
    expect(await call(unknown)).toEqual({
      statusCode: 404,
      headers: {},
      body: { success: false, error: { code: 'not_found', message: `The execution "${unknown}" does not exist` } },
    });
    const id = await parked();
    await h.service.stop(id);
    expect((await call(id)).body).toEqual({ success: false, error: { code: 'conflict', message: `The execution "${id}" was cancelled` } });
  });

  it('keeps the signature out of the item and never resumes with a signature of another execution', async () => {
    setUp({});
    const first = await parked();
    const second = await parked();
    expect((await call(first, { query: { signature: h.tokens.sign(second) } })).statusCode).toBe(403);
    expect((await call(first, { query: { signature: h.tokens.sign(first), ref: 'mail' } })).statusCode).toBe(200);
    await statusOf(first);
    const record = await h.executions.get(first);
    expect(record?.data.resultData.runData.Wait[0].data?.main?.[0]?.[0].json).toEqual({
      headers: { 'content-type': 'application/json' },
      params: {},
      query: { ref: 'mail' },
      body: { answer: 42 },
      webhookUrl: `${PUBLIC_URL}/webhook-waiting/${first}`,
      executionMode: 'production',
    });
  });

  it('checks header auth and refuses when the node has no credential data', async () => {
    setUp({ incomingAuthentication: 'headerAuth' }, { credentials: { httpHeaderAuth: { name: 'X-Token', value: 'abc' } } });
    const id = await parked();
    expect(await call(id)).toEqual({
      statusCode: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="Webhook"' },
      body: 'Authorization data is wrong!',
    });
    expect((await call(id, { headers: { 'x-token': 'abd' } })).statusCode).toBe(403);
    expect((await call(id, { headers: { 'x-token': 'abc' } })).statusCode).toBe(200);
    await statusOf(id);
    await h.close();
    setUp({ incomingAuthentication: 'basicAuth' });
    const bare = await parked();
    expect(await call(bare)).toMatchObject({ statusCode: 500, body: 'No authentication data defined on node!' });
  });

  it('ignores bots when asked to', async () => {
    setUp({ options: { ignoreBots: true } });
    const id = await parked();
    expect((await call(id, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } })).statusCode).toBe(403);
    expect((await call(id, { headers: { 'user-agent': 'Mozilla/5.0' } })).statusCode).toBe(200);
    expect(await statusOf(id)).toBe('success');
  });
});

describe('resume webhook handler: answers', () => {
  it('answers "Immediately" with the option text, code and headers the node set', async () => {
    setUp({ responseCode: 202, options: { responseData: 'queued', responseHeaders: { entries: [{ name: 'X-Flow', value: 'resumed' }] } } });
    const id = await parked();
    expect(await call(id)).toEqual({ statusCode: 202, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-flow': 'resumed' }, body: 'queued' });
    expect(await statusOf(id)).toBe('success');
  });

  it.each([
    ['firstEntryJson', {}, { answer: 42, after: 1 }],
    ['allEntries', {}, [{ answer: 42, after: 1 }]],
    ['firstEntryJson', { responsePropertyName: 'after' }, 1],
  ])('answers "When last node finishes" with %s %j', async (responseData, options, expected) => {
    setUp({ responseMode: 'lastNode', responseData, options }, {}, ['test.tag', { field: 'after', value: 1 }]);
    const id = await parked();
    // `test.tag` copies the Wait output, so its first item holds the webhook item's fields too.
    const reply = await call(id);
    expect(reply.statusCode).toBe(200);
    const body = reply.body as JsonObject | JsonObject[] | number;
    const pick = (value: JsonObject) => ({ answer: (value.body as JsonObject).answer, after: value.after });
    if (Array.isArray(body)) expect(body.map(pick)).toEqual(expected);
    else if (typeof body === 'number') expect(body).toBe(expected);
    else expect(pick(body)).toEqual(expected);
  });

  it('answers 500 "Error in workflow" when the resumed run fails', async () => {
    setUp({ responseMode: 'lastNode' }, {}, ['test.fail', { message: 'nope' }]);
    const id = await parked();
    expect(await call(id)).toEqual({ statusCode: 500, headers: {}, body: { message: 'Error in workflow' } });
    expect(await statusOf(id)).toBe('error');
  });

  it('answers with what a Respond node sent, or n8n\'s default when none answered', async () => {
    setUp({ responseMode: 'responseNode' }, {}, ['test.respond', {}]);
    const id = await parked();
    expect(await call(id)).toEqual({ statusCode: 201, headers: { 'x-responder': 'test' }, body: { answered: { answer: 42 } } });
    await statusOf(id);
    await h.close();
    setUp({ responseMode: 'responseNode' }, {}, ['test.pass', {}]);
    const silent = await parked();
    expect(await call(silent)).toEqual({ statusCode: 200, headers: {}, body: undefined });
  });
});
