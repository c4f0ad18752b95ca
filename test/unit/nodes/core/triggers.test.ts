import { NodeOperationError } from '../../../../src/errors';
import { manualTriggerNode } from '../../../../src/nodes/core/triggers/manual-trigger';
import { webhookNode } from '../../../../src/nodes/core/triggers/webhook';
import { errorTriggerNode } from '../../../../src/nodes/core/triggers/error-trigger';
import { executeWorkflowTriggerNode } from '../../../../src/nodes/core/triggers/execute-workflow-trigger';
import { scheduleTriggerNode } from '../../../../src/nodes/core/triggers/schedule-trigger';
import { scheduleItem } from '../../../../src/nodes/core/triggers/schedule-item';
import type { JsonObject } from '../../../../src/workflow/json';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from './context';

describe('Manual Trigger and Webhook', () => {
  it('emit the trigger data, or one empty item', async () => {
    expect(outputsOf(await manualTriggerNode.execute(contextWith({ inputs: [[]] })))).toEqual([[{ json: {} }]]);
    const request = items({ headers: { a: '1' }, body: { id: 3 } });
    expect(jsonOf(await webhookNode.execute(contextWith({ inputs: [request] })))).toEqual([[{ headers: { a: '1' }, body: { id: 3 } }]]);
    expect(manualTriggerNode.isTrigger && webhookNode.isTrigger).toBe(true);
  });

  it('Webhook draws one output per HTTP method when several are allowed', () => {
    const node = contextWith({ parameters: { multipleMethods: true, httpMethod: ['GET', 'POST'] } }).node;
    expect(webhookNode.outputs?.(node)).toBe(2);
    expect(webhookNode.outputs?.({ ...node, parameters: { httpMethod: 'POST' } })).toBe(1);
  });
});

describe('Error Trigger', () => {
  it("emits n8n's example when run by hand without data", async () => {
    const [[example]] = outputsOf(await errorTriggerNode.execute(contextWith({}))) as [[{ json: object }]];
    expect(example.json).toEqual({
      execution: {
        id: 231,
        url: 'http://localhost:5678/execution/workflow/1/231',
        retryOf: '34',
        error: { message: 'Example Error Message', stack: 'Stacktrace' },
        lastNodeExecuted: 'Node With Error',
        mode: 'manual',
      },
      workflow: { id: '1', name: 'Example Workflow' },
    });
  });

  it('hands on the failed run it was given', async () => {
    const data = items({ execution: { id: '9' }, workflow: { id: 'w' } });
    expect(jsonOf(await errorTriggerNode.execute(contextWith({ inputs: [data] })))).toEqual([[data[0].json]]);
  });
});

describe('Execute Workflow Trigger', () => {
  const input = items({ a: 1, b: 2, c: 3 });

  it('passes the caller items through in v1 and in passthrough mode', async () => {
    expect(jsonOf(await executeWorkflowTriggerNode.execute(contextWith({ typeVersion: 1, inputs: [input] })))).toEqual([[{ a: 1, b: 2, c: 3 }]]);
    const passthrough = contextWith({ typeVersion: 1.1, parameters: { inputSource: 'passthrough' }, inputs: [input] });
    expect(jsonOf(await executeWorkflowTriggerNode.execute(passthrough))).toEqual([[{ a: 1, b: 2, c: 3 }]]);
  });

  it('narrows the items to declared fields, missing ones null', async () => {
    const parameters: JsonObject = { inputSource: 'workflowInputs', workflowInputs: { values: [{ name: 'a' }, { name: 'z', type: 'number' }] } };
    expect(jsonOf(await executeWorkflowTriggerNode.execute(contextWith({ typeVersion: 1.1, parameters, inputs: [input] })))).toEqual([
      [{ a: 1, z: null }],
    ]);
    const example = { inputSource: 'jsonExample', jsonExample: '{"b": 0, "c": "x"}' };
    expect(jsonOf(await executeWorkflowTriggerNode.execute(contextWith({ typeVersion: 1.2, parameters: example, inputs: [input] })))).toEqual([
      [{ b: 2, c: 3 }],
    ]);
  });
});

describe('Schedule Trigger', () => {
  it("spells out the firing time as n8n's item does", () => {
    expect(scheduleItem(new Date('2024-05-01T08:03:09.045Z'), 'Europe/Berlin')).toEqual({
      timestamp: '2024-05-01T10:03:09.045+02:00',
      'Readable date': 'May 1st 2024, 10:03:09 am',
      'Readable time': '10:03:09 am',
      'Day of week': 'Wednesday',
      Year: '2024',
      Month: 'May',
      'Day of month': '01',
      Hour: '10',
      Minute: '03',
      Second: '09',
      Timezone: 'Europe/Berlin (UTC+02:00)',
    });
    expect(scheduleItem(new Date('2023-12-22T23:59:00Z'), 'UTC')).toMatchObject({
      timestamp: '2023-12-22T23:59:00.000+00:00',
      'Readable date': 'December 22nd 2023, 11:59:00 pm',
      Timezone: 'UTC (UTC+00:00)',
    });
    expect(scheduleItem(new Date('2024-01-13T00:00:00Z'), 'Not/AZone')['Readable date']).toBe('January 13th 2024, 12:00:00 am');
  });

  it('emits that item when started without data, in the workflow zone', async () => {
    const ctx = contextWith({ type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2 });
    const [[item]] = outputsOf(await scheduleTriggerNode.execute({ ...ctx, timezone: 'Asia/Tokyo' })) as [[{ json: Record<string, string> }]];
    expect(item.json.Timezone).toBe('Asia/Tokyo (UTC+09:00)');
    expect(Object.keys(item.json)).toHaveLength(11);
  });

  it('passes given data on', async () => {
    const data = items({ tick: '2024-05-01T10:00:00Z' });
    expect(jsonOf(await scheduleTriggerNode.execute(contextWith({ inputs: [data] })))).toEqual([[{ tick: '2024-05-01T10:00:00Z' }]]);
  });

  it("refuses invalid intervals (v1.3 on) and cron expressions with n8n's messages", async () => {
    const badMinutes = contextWith({ typeVersion: 1.3, parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 90 }] } } });
    await expect(scheduleTriggerNode.execute(badMinutes)).rejects.toThrow(new NodeOperationError('Test Node', 'Invalid interval'));
    await expect(scheduleTriggerNode.execute(badMinutes)).rejects.toMatchObject({ description: 'Minutes must be in range 1-59' });
    const badCron = contextWith({ typeVersion: 1.2, parameters: { rule: { interval: [{ field: 'cronExpression', expression: 'every day' }] } } });
    await expect(scheduleTriggerNode.execute(badCron)).rejects.toThrow('Invalid cron expression');
  });
});
