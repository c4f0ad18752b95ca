import { executeWorkflow } from '../../../src/engine/executor';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import type { ChatModel, OutputParser } from '../../../src/contracts/ai';
import type { Run } from '../../../src/contracts/run-data';
import type { WorkflowNode } from '../../../src/workflow/types';
import { buildWorkflow } from '../../../src/workflow/parse';
import { testDeps, testRegistry } from '../../helpers/test-nodes';

/** A model sub-node: echoes the last message upper-cased, recording each call as a run. */
const testModel: NodeTypeDefinition = {
  type: 'test.model',
  displayName: 'Model',
  versions: [1],
  execute: () => Promise.reject(new Error('a sub-node never runs as a main node')),
  supplyData: (ctx) => {
    if (ctx.getParam<boolean>('broken', 0, false)) return Promise.reject(new Error('no API key'));
    const model: ChatModel = {
      kind: 'chatModel',
      modelName: 'echo',
      invoke: async (request) => {
        const run = await ctx.startRun({ messages: request.messages.map((m) => m.content) });
        const text = (request.messages.at(-1)?.content ?? '').toUpperCase();
        const tokenUsage = { promptTokens: 3, completionTokens: 2, totalTokens: 5 };
        await run.succeed({ response: { generations: [[{ text }]] }, tokenUsage });
        return { message: { role: 'assistant', content: text }, usage: tokenUsage };
      },
    };
    return Promise.resolve(model);
  },
};

const testParser: NodeTypeDefinition = {
  type: 'test.parser',
  displayName: 'Parser',
  versions: [1],
  execute: () => Promise.reject(new Error('sub-node')),
  supplyData: () => {
    const parser: OutputParser = { kind: 'outputParser', formatInstructions: () => 'JSON please', parse: (text) => Promise.resolve({ parsed: text }) };
    return Promise.resolve(parser);
  },
};

/** A root node: sends each item's `prompt` to its model. */
const testChain: NodeTypeDefinition = {
  type: 'test.chain',
  displayName: 'Chain',
  versions: [1],
  execute: async (ctx) => {
    const out = [];
    for (const [index, item] of ctx.getInputItems().entries()) {
      const [model] = await ctx.getInputConnectionData('ai_languageModel', index);
      if (!model) throw new Error('A Model sub-node must be connected and enabled');
      const result = await model.invoke({ messages: [{ role: 'user', content: String(item.json.prompt) }] });
      out.push({ json: { text: result.message.content } });
    }
    return [out];
  },
};

const extra = [testModel, testParser, testChain];

function aiWorkflow(modelParams: Record<string, unknown> = {}, modelExtra: Record<string, unknown> = {}) {
  return buildWorkflow(
    {
      name: 'AI',
      nodes: [
        { name: 'Start', type: 'test.trigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { name: 'Prompts', type: 'test.source', typeVersion: 1, position: [200, 0], parameters: { items: [{ prompt: 'hi' }, { prompt: 'yo' }] } },
        { name: 'Chain', type: 'test.chain', typeVersion: 1, position: [400, 0], parameters: {} },
        { name: 'Model', type: 'test.model', typeVersion: 1, position: [400, 200], parameters: modelParams, ...modelExtra },
      ],
      connections: {
        Start: { main: [[{ node: 'Prompts', type: 'main', index: 0 }]] },
        Prompts: { main: [[{ node: 'Chain', type: 'main', index: 0 }]] },
        Model: { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] },
      },
    },
    testRegistry(extra),
  );
}

const order = (run: Run) =>
  Object.entries(run.data.resultData.runData)
    .flatMap(([name, tasks]) => tasks.map((t) => [t.executionIndex, name] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);

describe('sub-node connections (ai_*)', () => {
  it('indexes sub-node connections by root and type, apart from main', () => {
    const workflow = aiWorkflow();
    expect(workflow.subNodesByRoot.get('Chain')?.get('ai_languageModel')).toEqual(['Model']);
    expect(workflow.subNodeNames.has('Model')).toBe(true);
    expect(workflow.connectionsBySource.has('Model')).toBe(true);
    expect(workflow.connectionsBySource.get('Model')).toEqual([]);
  });

  it('refuses a sub-node connection to a missing node', () => {
    expect(() =>
      buildWorkflow(
        {
          name: 'Bad',
          nodes: [{ name: 'Model', type: 'test.model', typeVersion: 1, parameters: {} }],
          connections: { Model: { ai_languageModel: [[{ node: 'Nowhere', type: 'ai_languageModel', index: 0 }]] } },
        },
        testRegistry(extra),
      ),
    ).toThrow('node "Model" connects (ai_languageModel) to a node "Nowhere" that does not exist');
  });

  it('hands the root what the sub-node supplies and records each model call as a sub-node run', async () => {
    const seen: string[] = [];
    const run = await executeWorkflow(testDeps(extra), {
      workflow: aiWorkflow(),
      executionId: 'e1',
      mode: 'manual',
      hooks: {
        nodeExecuteBefore: (node: WorkflowNode, runIndex: number) => void seen.push(`before ${node.name}#${runIndex}`),
        nodeExecuteAfter: ({ node, runIndex }) => void seen.push(`after ${node.name}#${runIndex}`),
      },
    });
    expect(run.status).toBe('success');
    expect(run.data.resultData.runData.Chain[0].data?.main?.[0]?.map((i) => i.json)).toEqual([{ text: 'HI' }, { text: 'YO' }]);
    const modelRuns = run.data.resultData.runData.Model;
    expect(modelRuns).toHaveLength(2);
    expect(modelRuns[0]).toMatchObject({
      executionStatus: 'success',
      source: [{ previousNode: 'Chain', previousNodeRun: 0 }],
      inputOverride: { ai_languageModel: [[{ json: { messages: ['hi'] } }]] },
      data: {
        ai_languageModel: [[{ json: { response: { generations: [[{ text: 'HI' }]] }, tokenUsage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } } }]],
      },
    });
    expect(modelRuns[0].data?.main).toBeUndefined();
    // The root takes its index before it runs (as n8n), its sub-node runs follow.
    expect(order(run)).toEqual(['Start', 'Prompts', 'Chain', 'Model', 'Model']);
    expect(seen).toEqual([
      'before Start#0',
      'after Start#0',
      'before Prompts#0',
      'after Prompts#0',
      'before Chain#0',
      'before Model#0',
      'after Model#0',
      'before Model#1',
      'after Model#1',
      'after Chain#0',
    ]);
  });

  it('fails the root with "Error in sub-node" naming the sub-node, and records the sub-node run as errored', async () => {
    const run = await executeWorkflow(testDeps(extra), { workflow: aiWorkflow({ broken: true }), executionId: 'e2', mode: 'manual' });
    expect(run.status).toBe('error');
    expect(run.data.resultData.error).toMatchObject({ message: 'Error in sub-node Model', description: 'no API key', node: { name: 'Model' } });
    expect(run.data.resultData.runData.Chain[0].executionStatus).toBe('error');
    expect(run.data.resultData.runData.Model[0]).toMatchObject({
      executionStatus: 'error',
      error: { message: 'no API key' },
      source: [{ previousNode: 'Chain', previousNodeRun: 0 }],
    });
  });

  it('skips a disabled sub-node as if it were not connected', async () => {
    const run = await executeWorkflow(testDeps(extra), { workflow: aiWorkflow({}, { disabled: true }), executionId: 'e3', mode: 'manual' });
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe('A Model sub-node must be connected and enabled');
    expect(run.data.resultData.runData.Model).toBeUndefined();
  });

  it('refuses a sub-node that supplies the wrong kind of object for the connection', async () => {
    const workflow = buildWorkflow(
      {
        name: 'Wrong',
        nodes: [
          { name: 'Start', type: 'test.trigger', typeVersion: 1, parameters: {} },
          { name: 'Chain', type: 'test.chain', typeVersion: 1, parameters: {} },
          { name: 'Parser', type: 'test.parser', typeVersion: 1, parameters: {} },
        ],
        connections: {
          Start: { main: [[{ node: 'Chain', type: 'main', index: 0 }]] },
          Parser: { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] },
        },
      },
      testRegistry(extra),
    );
    const run = await executeWorkflow(testDeps(extra), { workflow, executionId: 'e4', mode: 'manual' });
    expect(run.data.resultData.error).toMatchObject({
      message: 'Error in sub-node Parser',
      description: 'Node "Parser" supplies "outputParser", but ai_languageModel expects "chatModel"',
    });
  });
});

describe('token usage of an execution', () => {
  it('sums every model run recorded in run data', async () => {
    const { sumTokenUsage } = await import('../../../src/contracts/token-usage');
    const run = await executeWorkflow(testDeps(extra), { workflow: aiWorkflow(), executionId: 'e5', mode: 'manual' });
    expect(sumTokenUsage(run.data.resultData.runData)).toEqual({ promptTokens: 6, completionTokens: 4, totalTokens: 10 });
    expect(sumTokenUsage({})).toBeUndefined();
  });
});
