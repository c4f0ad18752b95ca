import type { Run } from '../../../src/contracts/run-data';
import type { WorkflowJson } from '../../../src/workflow/types';
import { aiEngine, disposeAiEngines, runAiWorkflow } from '../../helpers/ai-workflows';
import { startOpenAiServer, type OpenAiServer, type ScriptRule } from '../../helpers/openai-server';

const CRED = { openAiApi: { id: '1', name: 'scripted' } };
const MODEL = { __rl: true, mode: 'list', value: 'gpt-4o-mini' };

function openAiWorkflow(version: number, parameters: Record<string, unknown>, extra: { onError?: 'continueRegularOutput'; tools?: WorkflowJson['nodes'] } = {}): WorkflowJson {
  const tools = extra.tools ?? [];
  const connections: WorkflowJson['connections'] = {
    Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
    Items: { main: [[{ node: 'OpenAI', type: 'main', index: 0 }]] },
  };
  for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: 'OpenAI', type: 'ai_tool', index: 0 }]] };
  return {
    name: 'openai node',
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: "return [{json: {q: 'hello one'}}, {json: {q: 'hello two'}}];" } },
      {
        name: 'OpenAI',
        type: '@n8n/n8n-nodes-langchain.openAi',
        typeVersion: version,
        position: [400, 0],
        parameters: { resource: 'text', modelId: MODEL, ...parameters },
        credentials: CRED,
        ...(extra.onError ? { onError: extra.onError } : {}),
      },
      ...tools,
    ],
    connections,
  };
}

const codeTool = (name: string, code = 'return query;') => ({
  name,
  type: '@n8n/n8n-nodes-langchain.toolCode',
  typeVersion: 1.3,
  position: [400, 200] as [number, number],
  parameters: { description: 'echo', jsCode: code },
});

const outputOf = (run: Run) => run.data.resultData.runData.OpenAI?.[0]?.data?.main?.[0]?.map((item) => item.json);

describe('OpenAI node: Message a Model', () => {
  let server: OpenAiServer;
  const start = async (rules: ScriptRule[]) => {
    server = await startOpenAiServer({ rules });
    return aiEngine(server.baseUrl);
  };
  afterEach(async () => server?.close());
  afterAll(() => disposeAiEngines());

  it('refuses an operation it does not run, naming node and operation, without calling the API', async () => {
    const deps = await start([]);
    const run = await runAiWorkflow(deps, openAiWorkflow(2.3, { resource: 'image', operation: 'generate' }));
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe(
      'Node "OpenAI" uses the OpenAI operation "image: generate", which this service does not run (only Text: Message a Model)',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('keeps going item by item with On Error: continue, each failed item holding the error', async () => {
    const deps = await start([
      { lastUserContains: 'one', reply: { kind: 'error', status: 401, message: 'Incorrect API key provided' } },
      { lastUserContains: 'two', reply: { kind: 'text', content: 'fine' } },
    ]);
    const run = await runAiWorkflow(deps, openAiWorkflow(1.8, { operation: 'message', messages: { values: [{ content: '={{ $json.q }}' }] } }, { onError: 'continueRegularOutput' }));
    expect(run.status).toBe('success');
    expect(outputOf(run)).toEqual([
      { error: 'Authorization failed - please check your credentials' },
      { index: 0, message: { role: 'assistant', content: 'fine', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);
  });

  it('refuses Background Mode clearly instead of polling', async () => {
    const deps = await start([]);
    const run = await runAiWorkflow(
      deps,
      openAiWorkflow(2.3, { operation: 'response', responses: { values: [{ content: 'x' }] }, options: { backgroundMode: { values: { enabled: true } } } }),
    );
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe('Background mode is not supported by this service');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses two tools with one name (from 1.1), as n8n', async () => {
    const deps = await start([]);
    const workflow = openAiWorkflow(1.8, { operation: 'message', messages: { values: [{ content: 'x' }] } }, { tools: [codeTool('same name'), { ...codeTool('same_name'), position: [500, 200] }] });
    const run = await runAiWorkflow(deps, workflow);
    expect(run.data.resultData.error?.message).toBe("You have multiple tools with the same name: 'same_name', please rename them to avoid conflicts");
  });

  it('sends no tools for a model n8n marks as unable to call functions (from 1.2)', async () => {
    const deps = await start([{ reply: { kind: 'text', content: 'ok' } }]);
    const workflow = openAiWorkflow(1.8, { operation: 'message', modelId: { __rl: true, mode: 'id', value: 'gpt-3.5-turbo-instruct' }, messages: { values: [{ content: 'x' }] } }, { tools: [codeTool('echo')] });
    const run = await runAiWorkflow(deps, workflow);
    expect(run.status).toBe('success');
    expect(server.requests[0]?.body).not.toHaveProperty('tools');
  });

  it('tells the model about a Code Tool that throws and goes on (n8n: There was an error)', async () => {
    const deps = await start([
      { toolResults: false, reply: { kind: 'toolCalls', calls: [{ name: 'thrower', arguments: { input: 'x' }, id: 'c1' }] } },
      { toolResults: true, reply: { kind: 'text', content: 'recovered' } },
    ]);
    const workflow = openAiWorkflow(1.8, { operation: 'message', messages: { values: [{ content: 'x' }] } }, { tools: [codeTool('thrower', "throw new Error('boom');")] });
    const run = await runAiWorkflow(deps, { ...workflow, nodes: workflow.nodes.map((node) => (node.name === 'Items' ? { ...node, parameters: { jsCode: "return [{json: {}}];" } } : node)) });
    expect(run.status).toBe('success');
    const toolMessage = (server.requests[1]?.body.messages as Array<Record<string, unknown>>)[2];
    expect(toolMessage).toEqual({ tool_call_id: 'c1', role: 'tool', content: expect.stringMatching(/^There was an error: ".*boom/) });
    expect(run.data.resultData.runData.thrower?.[0]?.executionStatus).toBe('error');
  });

  it('fails with n8n\'s message when the endpoint is unreachable (checked against n8n 2.40.7)', async () => {
    const closed = await startOpenAiServer({});
    const deadUrl = closed.baseUrl;
    await closed.close();
    server = await startOpenAiServer({});
    const run = await runAiWorkflow(aiEngine(deadUrl), openAiWorkflow(2.3, { operation: 'response', responses: { values: [{ content: '={{ $json.q }}' }] } }));
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe('The service refused the connection - perhaps it is offline');
    expect(run.data.resultData.error?.node?.name).toBe('OpenAI');
  });
});
