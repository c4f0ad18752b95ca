import type { Run } from '../../src/contracts/run-data';
import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { aiEngine, disposeAiEngines, runAiWorkflow } from '../helpers/ai-workflows';
import { startOpenAiServer, type OpenAiServer, type ScriptedReply } from '../helpers/openai-server';

const CRED = { openAiApi: { id: 'oai', name: 'OpenAI' } };

/** Start -> Basic LLM Chain (v1.9) with an OpenAI Chat Model (v1.2) -> After (a plain node that must not run on failure). */
function chainWorkflow(modelOptions: JsonObject = {}, parser?: JsonObject): WorkflowJson {
  const nodes: WorkflowJson['nodes'] = [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'Ask', type: '@n8n/n8n-nodes-langchain.chainLlm', typeVersion: 1.9, position: [200, 0], parameters: { promptType: 'define', text: 'Hello?', hasOutputParser: parser !== undefined } },
    { name: 'GPT', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [200, 200], parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: modelOptions }, credentials: CRED },
    { name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
  ];
  const connections: WorkflowJson['connections'] = {
    Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
    Ask: { main: [[{ node: 'After', type: 'main', index: 0 }]] },
    GPT: { ai_languageModel: [[{ node: 'Ask', type: 'ai_languageModel', index: 0 }]] },
  };
  if (parser) {
    nodes.push({ name: 'Parser', type: '@n8n/n8n-nodes-langchain.outputParserStructured', typeVersion: 1.3, position: [400, 200], parameters: parser });
    connections.Parser = { ai_outputParser: [[{ node: 'Ask', type: 'ai_outputParser', index: 0 }]] };
  }
  return { name: 'AI errors', nodes, connections, settings: { executionOrder: 'v1' } };
}

const failure = (run: Run) => run.data.resultData.error;

describe('model failures are clear node errors that stop only this run', () => {
  let server: OpenAiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => disposeAiEngines());

  async function runWith(replies: ScriptedReply[], modelOptions: JsonObject = {}, parser?: JsonObject): Promise<Run> {
    server = await startOpenAiServer({ queue: replies });
    return runAiWorkflow(aiEngine(server.baseUrl), chainWorkflow(modelOptions, parser));
  }

  it('401: "Authorization failed", naming the model node; the next node does not run', async () => {
    const run = await runWith([{ kind: 'error', status: 401, message: 'Incorrect API key provided', code: 'invalid_api_key' }]);
    expect(run.status).toBe('error');
    expect(failure(run)).toMatchObject({ message: 'Authorization failed - please check your credentials', node: { name: 'GPT' }, httpCode: '401' });
    expect(failure(run)?.description).toContain('Incorrect API key provided');
    expect(run.data.resultData.runData.After).toBeUndefined();
    expect(run.data.resultData.runData.GPT[0]).toMatchObject({ executionStatus: 'error', error: { message: 'Authorization failed - please check your credentials' } });
    expect(server?.requests).toHaveLength(1);
  });

  it('an unreachable endpoint: "Cannot reach the model endpoint <url>"', async () => {
    const dead = await startOpenAiServer();
    const url = dead.baseUrl;
    await dead.close();
    const run = await runAiWorkflow(aiEngine(url), chainWorkflow({ maxRetries: 0 }));
    expect(failure(run)).toMatchObject({ message: `Cannot reach the model endpoint ${url}/chat/completions`, node: { name: 'GPT' } });
    expect(failure(run)?.description).toContain('Check the base URL of the OpenAI credential');
  });

  it('an exhausted quota (429 insufficient_quota) is not retried and says so', async () => {
    const run = await runWith([{ kind: 'error', status: 429, message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' }]);
    expect(failure(run)?.message).toMatch(/^Insufficient quota detected/);
    expect(server?.requests).toHaveLength(1);
  });

  it('a context-length failure says what to do', async () => {
    const run = await runWith([{ kind: 'error', status: 400, message: "This model's maximum context length is 8 tokens.", code: 'context_length_exceeded' }]);
    expect(failure(run)?.message).toBe('The prompt is longer than the model accepts (context length exceeded)');
  });

  it('retries 429 rate limits and 5xx with backoff, then succeeds; token usage is recorded', async () => {
    const run = await runWith([
      { kind: 'error', status: 429, message: 'Rate limit reached', code: 'rate_limit_exceeded' },
      { kind: 'error', status: 503, message: 'overloaded', type: 'server_error' },
      { kind: 'text', content: 'fine', usage: { prompt: 4, completion: 1 } },
    ]);
    expect(run.status).toBe('success');
    expect(run.data.resultData.runData.Ask[0].data?.main?.[0]?.[0]?.json).toEqual({ text: 'fine' });
    expect(server?.requests).toHaveLength(3);
    expect(run.data.resultData.runData.GPT[0].data?.ai_languageModel?.[0]?.[0]?.json.tokenUsage).toEqual({ promptTokens: 4, completionTokens: 1, totalTokens: 5 });
  });

  it('gives up after maxRetries on persistent 500s', async () => {
    const run = await runWith(
      [
        { kind: 'error', status: 500, message: 'boom', type: 'server_error' },
        { kind: 'error', status: 500, message: 'boom', type: 'server_error' },
      ],
      { maxRetries: 1 },
    );
    expect(failure(run)?.message).toBe('The model endpoint failed (500)');
    expect(server?.requests).toHaveLength(2);
  });

  it('a reply that is not JSON (a proxy page with status 200) is a clear error', async () => {
    const run = await runWith([{ kind: 'raw', status: 200, body: '<html>login</html>', contentType: 'text/html' }]);
    expect(failure(run)?.message).toMatch(/did not answer with JSON|model endpoint/);
    expect(failure(run)?.node).toMatchObject({ name: 'GPT' });
  });

  it('times out a model that does not answer within the Timeout option', async () => {
    const run = await runWith([{ kind: 'text', content: 'late', delayMs: 5000 }], { timeout: 300, maxRetries: 0 });
    expect(failure(run)?.message).toMatch(/did not answer in time/);
  });

  it('a parser given text that is not JSON: "Model output doesn\'t fit required format", naming the parser', async () => {
    const run = await runWith([{ kind: 'text', content: 'Sorry, no JSON today.' }], {}, { jsonSchemaExample: '{"a": 1}' });
    expect(failure(run)).toMatchObject({ message: "Model output doesn't fit required format", node: { name: 'Parser' } });
    expect(run.data.resultData.runData.Parser[0]).toMatchObject({ executionStatus: 'error', inputOverride: { ai_outputParser: [[{ json: { action: 'parse', text: 'Sorry, no JSON today.' } }]] } });
    expect(run.data.resultData.runData.After).toBeUndefined();
  });
});
