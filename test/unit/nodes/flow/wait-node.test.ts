import { NodeOperationError } from '../../../../src/errors';
import { waitNode } from '../../../../src/nodes/flow/wait/wait-node';
import { readWaitWebhookConfig } from '../../../../src/nodes/flow';
import { parseDateTime } from '../../../../src/nodes/flow/wait/wait-time';
import type { WaitRequest } from '../../../../src/contracts/node-type';
import type { JsonObject } from '../../../../src/workflow/json';
import { fakeContext, items } from '../../../helpers/node-context';

const NOW = new Date('2025-03-01T10:00:00.000Z');

function waitContext(parameters: JsonObject, typeVersion = 1.1, nodeState: JsonObject = {}) {
  return fakeContext({ type: 'n8n-nodes-base.wait', typeVersion, parameters, inputs: [items({ k: 1 })], nodeState });
}

async function park(parameters: JsonObject, typeVersion = 1.1, nodeState: JsonObject = {}): Promise<WaitRequest> {
  return (await waitNode.execute(waitContext(parameters, typeVersion, nodeState))) as WaitRequest;
}

beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('Wait node: timed resumes', () => {
  it('waits 5 seconds by default from v1.1 and 1 hour in v1, as n8n', async () => {
    expect(await park({})).toEqual({ kind: 'wait', until: new Date('2025-03-01T10:00:05.000Z') });
    expect(await park({}, 1)).toEqual({ kind: 'wait', until: new Date('2025-03-01T11:00:00.000Z') });
  });

  it('takes fractional amounts in each unit', async () => {
    expect((await park({ amount: 1.5, unit: 'minutes' })).until).toEqual(new Date('2025-03-01T10:01:30.000Z'));
    expect((await park({ amount: 2, unit: 'days' })).until).toEqual(new Date('2025-03-03T10:00:00.000Z'));
    expect((await park({ amount: '3', unit: 'hours' })).until).toEqual(new Date('2025-03-01T13:00:00.000Z'));
    expect((await park({ amount: 0.25, unit: 'seconds' })).until).toEqual(new Date('2025-03-01T10:00:00.250Z'));
  });

  it("refuses n8n's invalid units and amounts with n8n's messages", async () => {
    await expect(park({ amount: 1, unit: 'weeks' })).rejects.toThrow(
      new NodeOperationError('Test Node', "Invalid wait unit. Valid units are 'seconds', 'minutes', 'hours', or 'days'."),
    );
    await expect(park({ amount: -1, unit: 'seconds' })).rejects.toThrow('Invalid wait amount. It must be a positive number.');
    await expect(park({ amount: 'soon', unit: 'seconds' })).rejects.toThrow('Invalid wait amount. It must be a positive number.');
  });

  it('waits until a date and time, read in the workflow time zone when it has no offset', async () => {
    expect((await park({ resume: 'specificTime', dateTime: '2025-04-01T08:30:00+02:00' })).until).toEqual(new Date('2025-04-01T06:30:00.000Z'));
    expect((await park({ resume: 'specificTime', dateTime: '2025-04-01T08:30:00' })).until).toEqual(new Date('2025-04-01T08:30:00.000Z'));
    const ctx = fakeContext({ type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'specificTime', dateTime: '2025-04-01T08:30:00' }, inputs: [items({ k: 1 })], timezone: 'Europe/Brussels' });
    expect(((await waitNode.execute(ctx)) as WaitRequest).until).toEqual(new Date('2025-04-01T06:30:00.000Z'));
  });

  it('refuses a date it cannot read', async () => {
    await expect(park({ resume: 'specificTime', dateTime: 'next tuesday' })).rejects.toThrow(
      'Cannot put execution to wait because `dateTime` parameter is not a valid date. Please pick a specific date and time to wait until.',
    );
    await expect(park({ resume: 'specificTime' })).rejects.toThrow('`dateTime` parameter is not a valid date');
  });

  it('forgets webhook settings of an earlier park when it now waits for a time', async () => {
    const nodeState: JsonObject = { resumeWebhook: { httpMethods: ['GET'] } };
    await park({ amount: 1, unit: 'seconds' }, 1.1, nodeState);
    expect(nodeState).toEqual({});
  });
});

describe('Wait node: webhook resumes', () => {
  it('waits for ever and leaves its evaluated webhook settings in its node state', async () => {
    const nodeState: JsonObject = {};
    const request = await park({ resume: 'webhook', httpMethod: 'POST', responseMode: 'lastNode', responseData: 'allEntries' }, 1.1, nodeState);
    expect(request).toEqual({
      kind: 'wait',
      until: undefined,
      resumeOnWebhook: { httpMethod: 'POST', authentication: 'none', onTimeout: 'resume', responseMode: 'lastNode' },
    });
    expect(nodeState.resumeWebhook).toEqual({
      httpMethods: ['POST'],
      authentication: 'none',
      responseMode: 'lastNode',
      responseCode: 200,
      lastNodeData: 'allEntries',
      noResponseBody: false,
      responseBinaryPropertyName: 'data',
      responseHeaders: {},
      suffix: '',
      ignoreBots: false,
      onTimeout: 'resume',
    });
  });

  it("takes GET (n8n's default) and POST (the seed's call) when no method is set", async () => {
    const nodeState: JsonObject = {};
    await park({ resume: 'webhook' }, 1.1, nodeState);
    expect((nodeState.resumeWebhook as JsonObject).httpMethods).toEqual(['GET', 'POST']);
  });

  it('keeps auth, suffix, headers and the immediate answer from the options', async () => {
    const nodeState: JsonObject = {};
    await park(
      {
        resume: 'webhook',
        httpMethod: 'get',
        incomingAuthentication: 'headerAuth',
        responseCode: 202,
        options: { webhookSuffix: '/approve/', responseData: 'thanks', responseHeaders: { entries: [{ name: 'X-Flow', value: 'wait' }] }, ignoreBots: true },
      },
      1,
      nodeState,
    );
    expect(nodeState.resumeWebhook).toMatchObject({
      httpMethods: ['GET'],
      authentication: 'headerAuth',
      responseCode: 202,
      onReceivedData: 'thanks',
      responseHeaders: { 'x-flow': 'wait' },
      suffix: 'approve',
      ignoreBots: true,
    });
  });

  it('reads back settings saved by runs parked before the shared webhook module (responseData, header list)', () => {
    expect(
      readWaitWebhookConfig({
        httpMethods: ['post'],
        authentication: 'basicAuth',
        responseMode: 'lastNode',
        responseCode: 201,
        responseData: 'allEntries',
        responseBinaryPropertyName: 'data',
        responseHeaders: [{ name: 'X-Flow', value: 'wait' }],
        suffix: '',
        ignoreBots: false,
        onTimeout: 'error',
      }),
    ).toEqual({
      httpMethods: ['POST'],
      authentication: 'basicAuth',
      responseMode: 'lastNode',
      responseCode: 201,
      lastNodeData: 'allEntries',
      noResponseBody: false,
      responseBinaryPropertyName: 'data',
      responseHeaders: { 'x-flow': 'wait' },
      suffix: '',
      ignoreBots: false,
      onTimeout: 'error',
    });
  });

  it('fails the node naming the parameter when the response code is not an HTTP status', async () => {
    await expect(park({ resume: 'webhook', responseCode: 42 })).rejects.toThrow('Invalid webhook parameter "responseCode": responseCode must be an HTTP status from 100 to 599, got 42');
  });

  it('limits the wait after an interval or at a date', async () => {
    expect((await park({ resume: 'webhook', limitWaitTime: true, resumeAmount: 2, resumeUnit: 'minutes' })).until).toEqual(
      new Date('2025-03-01T10:02:00.000Z'),
    );
    expect((await park({ resume: 'webhook', limitWaitTime: true })).until).toEqual(new Date('2025-03-01T11:00:00.000Z'));
    expect(
      (await park({ resume: 'webhook', limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: '2025-03-02T00:00:00Z' })).until,
    ).toEqual(new Date('2025-03-02T00:00:00.000Z'));
    await expect(park({ resume: 'webhook', limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: 'never' })).rejects.toThrow(
      'Cannot put execution to wait because `maxDateAndTime` parameter is not a valid date.',
    );
  });

  it('parks "On Form Submitted" with its page in the node state, the fields checked', async () => {
    const state: JsonObject = {};
    const fields = { values: [{ fieldLabel: 'Approve?', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'yes' }, { option: 'no' }] }, requiredField: true }] };
    const request = await park({ resume: 'form', formTitle: 'Approval', formFields: fields, limitWaitTime: true, resumeAmount: 1, resumeUnit: 'hours' }, 1.1, state);
    expect(request).toEqual({ kind: 'wait', until: new Date('2025-03-01T11:00:00.000Z') });
    expect(state.resumeForm).toEqual({
      kind: 'page',
      title: 'Approval',
      buttonLabel: 'Submit',
      fields: [{ index: 0, type: 'dropdown', label: 'Approve?', key: 'Approve?', required: true, options: ['yes', 'no'], multiselect: false, multipleFiles: true }],
    });
    await expect(park({ resume: 'form', formFields: { values: [{ fieldLabel: 'Pick', fieldType: 'radio' }] } })).rejects.toThrow(
      'The form fields are not usable: formFields.values[0] ("Pick") is a radio without options: add fieldOptions.values',
    );
  });

  it('says clearly what it does not support', async () => {
    await expect(park({ resume: 'webhook', incomingAuthentication: 'digestAuth' })).rejects.toThrow(
      'Webhook authentication "digestAuth" is not supported by this service: use none, basicAuth, headerAuth or jwtAuth',
    );
    await expect(park({ resume: 'later' })).rejects.toThrow('Unknown resume mode "later": use timeInterval, specificTime or webhook');
  });
});

describe('parseDateTime', () => {
  it("reads the formats n8n's tryToParseDateTime reads", () => {
    expect(parseDateTime('2025-01-02 03:04:05', 'UTC')).toEqual(new Date('2025-01-02T03:04:05.000Z'));
    expect(parseDateTime('Thu, 02 Jan 2025 03:04:05 GMT', 'UTC')).toEqual(new Date('2025-01-02T03:04:05.000Z'));
    expect(parseDateTime(Date.UTC(2025, 0, 2), 'UTC')).toEqual(new Date('2025-01-02T00:00:00.000Z'));
    expect(parseDateTime('', 'UTC')).toBeUndefined();
  });
});
