import { toN8nExecution } from '../../src/server/execution-format';
import { logFromNodeRun } from '../../src/executions/records';
import type { WorkflowNode } from '../../src/workflow/types';
import type { WorkflowJson } from '../../src/workflow/types';
import { aiEngine, disposeAiEngines, runAiWorkflow } from '../helpers/ai-workflows';
import { startOpenAiServer, type OpenAiServer } from '../helpers/openai-server';

const workflow: WorkflowJson = {
  name: 'Two questions',
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'Questions', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: "return [{json: {chatInput: 'one'}}, {json: {chatInput: 'two'}}];" } },
    { name: 'Chain', type: '@n8n/n8n-nodes-langchain.chainLlm', typeVersion: 1.9, position: [400, 0], parameters: {} },
    { name: 'GPT', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [400, 200], parameters: { model: { __rl: true, mode: 'id', value: 'local-model' }, options: {} }, credentials: { openAiApi: { id: '1', name: 'x' } } },
  ],
  connections: {
    Start: { main: [[{ node: 'Questions', type: 'main', index: 0 }]] },
    Questions: { main: [[{ node: 'Chain', type: 'main', index: 0 }]] },
    GPT: { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] },
  },
};

describe('token usage per execution, and model runs as node runs', () => {
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({
      rules: [
        { lastUserContains: 'one', reply: { kind: 'text', content: 'first', usage: { prompt: 10, completion: 3 } } },
        { lastUserContains: 'two', reply: { kind: 'text', content: 'second', usage: { prompt: 12, completion: 4 } } },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    disposeAiEngines();
  });

  it('sums every model call into the execution answer, and logs each call with its input and output', async () => {
    const run = await runAiWorkflow(aiEngine(server.baseUrl), workflow);
    expect(run.data.resultData.runData.Chain[0].data?.main?.[0]?.map((item) => item.json)).toEqual([{ text: 'first' }, { text: 'second' }]);
    const answer = toN8nExecution({
      id: 'e1',
      canvasId: 'c',
      workflowId: 'c',
      mode: 'manual',
      status: 'success',
      finished: true,
      startedAt: new Date(0),
      workflowData: workflow,
      data: run.data,
      logs: [],
    });
    expect(answer.tokenUsage).toEqual({ promptTokens: 22, completionTokens: 7, totalTokens: 29 });
    const gpt = [...run.data.resultData.runData.GPT.entries()];
    const node = { name: 'GPT', id: 'n4', onError: 'stopWorkflow' } as WorkflowNode;
    const log = logFromNodeRun({ node, runIndex: gpt[1][0], task: gpt[1][1], inputItems: gpt[1][1].inputOverride?.ai_languageModel?.[0] ?? [] });
    expect(log).toMatchObject({ nodeName: 'GPT', runIndex: 1, status: 'success' });
    expect(log.inputItems[0].json).toMatchObject({ messages: ['Human: two'] });
    expect(log.outputItems[0]?.[0]?.json).toEqual({
      response: { generations: [[{ text: 'second', generationInfo: { finish_reason: 'stop' } }]] },
      tokenUsage: { promptTokens: 12, completionTokens: 4, totalTokens: 16 },
    });
  });
});
