import { AutomatorError } from '../../../../src/errors';
import type { Item } from '../../../../src/contracts/run-data';
import { flowNodes } from '../../../../src/nodes/flow';
import { executeWorkflowNode } from '../../../../src/nodes/flow/execute-workflow/execute-workflow-node';
import type { SubWorkflowRequest, SubWorkflowRunner } from '../../../../src/contracts/node-services';
import type { JsonObject } from '../../../../src/workflow/json';
import { fakeContext, items, type FakeContextOptions } from '../../../helpers/node-context';

/** A runner that records requests and answers each with `answer(request)`. */
function fakeRunner(answer: (request: SubWorkflowRequest) => Item[] | Error = (request) => request.items.map((item) => ({ json: { ...item.json, done: true }, pairedItem: { item: 5 } }))) {
  const requests: SubWorkflowRequest[] = [];
  const runner: SubWorkflowRunner = {
    run: async (request) => {
      requests.push(request);
      const result = answer(request);
      if (result instanceof Error) throw result;
      return { executionId: `child-${requests.length}`, items: result };
    },
  };
  return { runner, requests };
}

function context(parameters: JsonObject, runner?: SubWorkflowRunner, extra: FakeContextOptions = {}) {
  return fakeContext({
    type: 'n8n-nodes-base.executeWorkflow',
    typeVersion: 1.1,
    parameters,
    inputs: [items({ n: 1 }, { n: 2 })],
    services: runner ? { subWorkflows: runner } : {},
    ...extra,
  });
}

const jsonOf = (output: unknown) => (output as Item[][]).map((list) => list.map((item) => item.json));
const pairedOf = (output: unknown) => (output as Item[][])[0].map((item) => item.pairedItem);

describe('Execute Workflow node: once with all items', () => {
  it("sends every item to one run of the stored workflow and outputs its last node's items", async () => {
    const { runner, requests } = fakeRunner();
    const output = await executeWorkflowNode.execute(context({ workflowId: { __rl: true, value: 'orders', mode: 'list' } }, runner));
    expect(requests).toEqual([
      {
        workflow: { source: 'database', id: 'orders' },
        items: items({ n: 1 }, { n: 2 }),
        waitForCompletion: true,
        parentExecutionId: 'exec-test',
        parentWorkflowId: 'wf-test',
        parentNode: 'Test Node',
        depth: 0,
      },
    ]);
    expect(jsonOf(output)).toEqual([[{ n: 1, done: true }, { n: 2, done: true }]]);
    // The child's lineage is replaced by this node's input.
    expect(pairedOf(output)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('accepts a plain id (v1 and the seed) and links every output item to all inputs when counts differ', async () => {
    const { runner, requests } = fakeRunner((): Item[] => [{ json: { total: 3 } }]);
    const output = await executeWorkflowNode.execute(context({ workflowId: 42 }, runner, { typeVersion: 1 }));
    expect(requests[0].workflow).toEqual({ source: 'database', id: '42' });
    expect(jsonOf(output)).toEqual([[{ total: 3 }]]);
    expect(pairedOf(output)).toEqual([[{ item: 0 }, { item: 1 }]]);
  });

  it('runs a workflow given as JSON text or object', async () => {
    const { runner, requests } = fakeRunner();
    const workflow = { nodes: [{ name: 'Start', type: 'n8n-nodes-base.executeWorkflowTrigger' }], connections: {} };
    await executeWorkflowNode.execute(context({ source: 'parameter', workflowJson: JSON.stringify(workflow) }, runner));
    await executeWorkflowNode.execute(context({ source: 'parameter', workflowJson: workflow }, runner));
    expect(requests.map((request) => request.workflow)).toEqual([
      { source: 'parameter', json: workflow },
      { source: 'parameter', json: workflow },
    ]);
    await expect(executeWorkflowNode.execute(context({ source: 'parameter', workflowJson: '{nodes' }, runner))).rejects.toThrow(
      'The parameter "workflowJson" is not valid JSON: ',
    );
  });

  it('outputs its own input without waiting when told not to wait (n8n option or the seed\'s flag)', async () => {
    const { runner, requests } = fakeRunner(() => []);
    const output = await executeWorkflowNode.execute(context({ workflowId: 'x', options: { waitForSubWorkflow: false } }, runner));
    expect(jsonOf(output)).toEqual([[{ n: 1 }, { n: 2 }]]);
    await executeWorkflowNode.execute(context({ workflowId: 'x', waitForCompletion: false }, runner));
    expect(requests.map((request) => request.waitForCompletion)).toEqual([false, false]);
  });

  it('turns a failure into an error item when continuing on fail, else fails', async () => {
    const failing = fakeRunner(() => new AutomatorError('Sub-workflow blew up'));
    const output = await executeWorkflowNode.execute(context({ workflowId: 'x' }, failing.runner, { continueOnFail: true }));
    expect(output).toEqual([[{ json: { error: 'Sub-workflow blew up' }, pairedItem: [{ item: 0 }, { item: 1 }] }]]);
    await expect(executeWorkflowNode.execute(context({ workflowId: 'x' }, failing.runner))).rejects.toThrow('Sub-workflow blew up');
  });
});

describe('Execute Workflow node: once for each item', () => {
  it('runs the sub-workflow per item and links each output to its item', async () => {
    const { runner, requests } = fakeRunner((request): Item[] => [{ json: { seen: request.items[0].json.n } }, { json: { again: true } }]);
    const output = await executeWorkflowNode.execute(context({ workflowId: 'x', mode: 'each' }, runner));
    expect(requests.map((request) => request.items)).toEqual([items({ n: 1 }), items({ n: 2 })]);
    expect(output).toEqual([
      [
        { json: { seen: 1 }, pairedItem: { item: 0 } },
        { json: { again: true }, pairedItem: { item: 0 } },
        { json: { seen: 2 }, pairedItem: { item: 1 } },
        { json: { again: true }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('names the item whose run failed, or outputs an error item for it', async () => {
    const runner = fakeRunner((request): Item[] | Error => (request.items[0].json.n === 2 ? new AutomatorError('no stock') : request.items));
    await expect(executeWorkflowNode.execute(context({ workflowId: 'x', mode: 'each' }, runner.runner))).rejects.toMatchObject({
      message: 'Error executing workflow with item at index 1',
      description: 'no stock',
      itemIndex: 1,
    });
    const output = await executeWorkflowNode.execute(context({ workflowId: 'x', mode: 'each' }, runner.runner, { continueOnFail: true }));
    expect(output).toEqual([[{ json: { n: 1 }, pairedItem: { item: 0 } }, { json: { error: 'no stock' }, pairedItem: { item: 1 } }]]);
  });

  it('outputs each item unchanged when not waiting', async () => {
    const { runner } = fakeRunner(() => []);
    const output = await executeWorkflowNode.execute(context({ workflowId: 'x', mode: 'each', options: { waitForSubWorkflow: false } }, runner));
    expect(output).toEqual([[{ json: { n: 1 }, pairedItem: { item: 0 } }, { json: { n: 2 }, pairedItem: { item: 1 } }]]);
  });
});

describe('Execute Workflow node: inputs and refusals', () => {
  it('maps workflow inputs from v1.2 and drops the fields the schema removed', async () => {
    const { runner, requests } = fakeRunner();
    await executeWorkflowNode.execute(
      context(
        {
          workflowId: { __rl: true, value: 'x', mode: 'id' },
          workflowInputs: {
            mappingMode: 'defineBelow',
            value: { customer: 'ACME' },
            schema: [
              { id: 'customer', displayName: 'customer', removed: false },
              { id: 'n', displayName: 'n', removed: true },
            ],
          },
        },
        runner,
        { typeVersion: 1.2 },
      ),
    );
    expect(requests[0].items).toEqual([
      { json: { customer: 'ACME' }, pairedItem: { item: 0 } },
      { json: { customer: 'ACME' }, pairedItem: { item: 1 } },
    ]);
  });

  it('explains a missing runner, a missing id and the sources it does not offer', async () => {
    await expect(executeWorkflowNode.execute(context({ workflowId: 'x' }))).rejects.toThrow(
      'Sub-workflows cannot run here: this entry point offers no sub-workflow runner',
    );
    const { runner } = fakeRunner();
    await expect(executeWorkflowNode.execute(context({ workflowId: { __rl: true, value: '', mode: 'list' } }, runner))).rejects.toThrow(
      'No information about the workflow to execute found. Please provide either the "id" or "code"!',
    );
    await expect(executeWorkflowNode.execute(context({ source: 'url', workflowUrl: 'http://x' }, runner))).rejects.toThrow(
      'The workflow source "url" is not supported by this service: use "database" or "parameter"',
    );
  });
});

describe('flowNodes', () => {
  it('registers the Wait and Execute Workflow nodes under their n8n names and the seed aliases', () => {
    expect(flowNodes.map((node) => [node.type, node.aliases, node.versions])).toEqual([
      ['n8n-nodes-base.wait', ['wait'], [1, 1.1]],
      ['n8n-nodes-base.executeWorkflow', ['executeWorkflow'], [1, 1.1, 1.2, 1.3]],
    ]);
  });
});
