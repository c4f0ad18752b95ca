import { toN8nExecution } from '../../src/server/execution-format';
import { executionValues, logValues } from '../../src/store/odoo/execution-mapping';
import type { ExecutionRecord } from '../../src/store/types';
import type { RunExecutionData } from '../../src/contracts/run-data';
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

const CRED = { openAiApi: { id: '1', name: 'scripted' } };

/** An OpenAI node (its own API calls: task metadata) and a chain with a model sub-node (model runs), in one run. */
const mixedWorkflow: WorkflowJson = {
  name: 'Tokens from both kinds of AI nodes',
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'Questions', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: "return [{json: {chatInput: 'one'}}, {json: {chatInput: 'two'}}];" } },
    {
      name: 'OpenAI',
      type: '@n8n/n8n-nodes-langchain.openAi',
      typeVersion: 1.8,
      position: [400, 0],
      parameters: { resource: 'text', operation: 'message', modelId: { __rl: true, mode: 'id', value: 'local-model' }, messages: { values: [{ content: '={{ $json.chatInput }}' }] }, options: {} },
      credentials: CRED,
    },
    { name: 'Keep input', type: 'n8n-nodes-base.code', typeVersion: 2, position: [600, 0], parameters: { jsCode: "return [{json: {chatInput: 'three'}}];" } },
    { name: 'Chain', type: '@n8n/n8n-nodes-langchain.chainLlm', typeVersion: 1.9, position: [800, 0], parameters: {} },
    { name: 'GPT', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [800, 200], parameters: { model: { __rl: true, mode: 'id', value: 'local-model' }, options: {} }, credentials: CRED },
  ],
  connections: {
    Start: { main: [[{ node: 'Questions', type: 'main', index: 0 }]] },
    Questions: { main: [[{ node: 'OpenAI', type: 'main', index: 0 }]] },
    OpenAI: { main: [[{ node: 'Keep input', type: 'main', index: 0 }]] },
    'Keep input': { main: [[{ node: 'Chain', type: 'main', index: 0 }]] },
    GPT: { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] },
  },
};

/** An ended execution holding this run data. */
function recordOf(data: RunExecutionData, workflowData: WorkflowJson): ExecutionRecord {
  return { id: 'e-tokens', canvasId: '7', workflowId: 'wf', mode: 'manual', status: 'success', finished: true, startedAt: new Date(0), stoppedAt: new Date(1000), workflowData, data, logs: [] };
}

describe('token usage per execution, and model runs as node runs', () => {
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({
      rules: [
        { lastUserContains: 'one', reply: { kind: 'text', content: 'first', usage: { prompt: 10, completion: 3 } } },
        { lastUserContains: 'two', reply: { kind: 'text', content: 'second', usage: { prompt: 12, completion: 4 } } },
        { lastUserContains: 'three', reply: { kind: 'text', content: 'third', usage: { prompt: 7, completion: 2 } } },
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

  it('keeps the OpenAI node calls in its run metadata (n8n accumulateTokenUsage) and sums everything', async () => {
    const run = await runAiWorkflow(aiEngine(server.baseUrl), mixedWorkflow, 'tokens');
    expect(run.status).toBe('success');
    const openAi = run.data.resultData.runData.OpenAI[0];
    expect(openAi.metadata).toEqual({ tokenUsage: { inputTokens: 22, outputTokens: 7 } });
    expect(run.data.resultData.runData.Chain[0].metadata).toBeUndefined();

    const record = recordOf(run.data, mixedWorkflow);
    expect(toN8nExecution(record).tokenUsage).toEqual({ promptTokens: 29, completionTokens: 9, totalTokens: 38 });
    expect(executionValues(record, () => false)).toMatchObject({ prompt_tokens: 29, completion_tokens: 9, total_tokens: 38 });

    const node = (name: string) => ({ name, id: name, onError: 'stopWorkflow' }) as WorkflowNode;
    const openAiLog = logFromNodeRun({ node: node('OpenAI'), runIndex: 0, task: openAi, inputItems: [] });
    expect(openAiLog.tokenUsage).toEqual({ promptTokens: 22, completionTokens: 7, totalTokens: 29 });
    expect(logValues(openAiLog, false)).toMatchObject({ prompt_tokens: 22, completion_tokens: 7, total_tokens: 29 });
    const modelLog = logFromNodeRun({ node: node('GPT'), runIndex: 0, task: run.data.resultData.runData.GPT[0], inputItems: [] });
    expect(logValues(modelLog, false)).toMatchObject({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    const plainLog = logFromNodeRun({ node: node('Questions'), runIndex: 0, task: run.data.resultData.runData.Questions[0], inputItems: [] });
    expect(logValues(plainLog, false)).not.toHaveProperty('total_tokens');
  });

  it('sends no token fields to Odoo for a run without model calls', () => {
    const record = recordOf({ startData: {}, resultData: { runData: {} }, executionData: { nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {}, nextExecutionIndex: 0, nodeRunCount: 0 } }, mixedWorkflow);
    expect(executionValues(record, () => false)).not.toHaveProperty('total_tokens');
  });
});
