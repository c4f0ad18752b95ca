import { errorTriggerNode } from '../../../../src/nodes/flow/error-trigger';
import { executeWorkflowTriggerNode } from '../../../../src/nodes/flow/execute-workflow-trigger';
import { flowNodes } from '../../../../src/nodes/flow';
import type { JsonObject } from '../../../../src/workflow/json';
import { fakeContext, items } from '../../../helpers/node-context';

const caller = items({ a: 1, b: 'two', extra: true });

function trigger(parameters: JsonObject, typeVersion = 1.1, inputs = [caller]) {
  return executeWorkflowTriggerNode.execute(fakeContext({ type: executeWorkflowTriggerNode.type, typeVersion, parameters, inputs }));
}

describe('Execute Workflow Trigger', () => {
  it('passes the caller\'s items on in v1 and in "Accept all data" mode', async () => {
    expect(await trigger({}, 1)).toEqual([items({ a: 1, b: 'two', extra: true })]);
    expect(await trigger({ inputSource: 'passthrough' })).toEqual([items({ a: 1, b: 'two', extra: true })]);
  });

  it('keeps only the declared fields (null when absent), the v1.1 default mode', async () => {
    const output = await trigger({ workflowInputs: { values: [{ name: 'a', type: 'number' }, { name: 'missing' }] } });
    expect(output).toEqual([items({ a: 1, missing: null })]);
    expect(await trigger({})).toEqual([items({})]);
  });

  it('takes the fields from a JSON example', async () => {
    expect(await trigger({ inputSource: 'jsonExample', jsonExample: '{"b": "x", "c": 1}' })).toEqual([items({ b: 'two', c: null })]);
    expect(await trigger({ inputSource: 'jsonExample' })).toEqual([items({ aField: null, aNumber: null, thisFieldAcceptsAnyType: null, anArray: null })]);
    await expect(trigger({ inputSource: 'jsonExample', jsonExample: '[1]' })).rejects.toThrow(
      'The parameter "jsonExample" must be a JSON object whose keys name the inputs',
    );
  });

  it('starts with one empty item when run without a caller', async () => {
    expect(await trigger({ inputSource: 'passthrough' }, 1.1, [])).toEqual([[{ json: {} }]]);
  });
});

describe('Error Trigger', () => {
  it("outputs the failed run's description it was started with", async () => {
    const data = { execution: { id: '9', mode: 'production' }, workflow: { id: 'w', name: 'W' } };
    const ctx = fakeContext({ type: errorTriggerNode.type, inputs: [items(data)] });
    expect(await errorTriggerNode.execute(ctx)).toEqual([items(data)]);
  });

  it("shows n8n's example item when run by hand without data", async () => {
    const output = await errorTriggerNode.execute(fakeContext({ type: errorTriggerNode.type, inputs: [items({})] }));
    expect(output).toEqual([
      items({
        execution: {
          id: '231',
          url: 'https://n8n.example.com/execution/231',
          retryOf: '34',
          error: { message: 'Example Error Message', stack: 'Stacktrace' },
          lastNodeExecuted: 'Node With Error',
          mode: 'manual',
        },
        workflow: { id: '1', name: 'Example Workflow' },
      }),
    ]);
  });
});

describe('flowNodes', () => {
  it('registers the flow node types under their n8n names and the seed aliases', () => {
    expect(flowNodes.map((node) => [node.type, node.aliases, node.versions])).toEqual([
      ['n8n-nodes-base.wait', ['wait'], [1, 1.1]],
      ['n8n-nodes-base.executeWorkflow', ['executeWorkflow'], [1, 1.1, 1.2, 1.3]],
      ['n8n-nodes-base.executeWorkflowTrigger', ['executeWorkflowTrigger'], [1, 1.1]],
      ['n8n-nodes-base.errorTrigger', ['errorTrigger'], [1]],
    ]);
  });
});
