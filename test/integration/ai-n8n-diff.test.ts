import type { Run } from '../../src/contracts/run-data';
import { normalizeRun } from '../helpers/n8n-fixtures';
import { aiEngine, disposeAiEngines, loadAiFixtures, runAiWorkflow } from '../helpers/ai-workflows';
import { startOpenAiServer, type OpenAiServer } from '../helpers/openai-server';
import { FIXTURE_TOOL_API_HOST, startToolApiServer, type ToolApiServer } from '../helpers/tool-api-server';
import type { WorkflowJson } from '../../src/workflow/types';

/** Node runs in executionIndex order, sub-node runs included (the conformance suite's "order"). */
function order(run: Run): string[] {
  return Object.entries(run.data.resultData.runData)
    .flatMap(([name, tasks]) => tasks.map((task) => [task.executionIndex, name] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);
}

/**
 * Differential AI workflows: the same scripted server answered the real n8n 2.40.7 and our
 * engine. Items, status, errors and run order must be n8n's, and so must every request body
 * sent to the model (messages, tools, response formats), since scripts are written for n8n's.
 */
describe('AI workflows against n8n 2.40.7 (scripted OpenAI-compatible server)', () => {
  let server: OpenAiServer | undefined;
  let toolApi: ToolApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    await toolApi?.close();
    server = undefined;
    toolApi = undefined;
  });
  afterAll(() => disposeAiEngines());

  for (const fixture of loadAiFixtures()) {
    it(`${fixture.name}: same items, order and requests as n8n`, async () => {
      server = await startOpenAiServer({ rules: fixture.rules });
      let workflow = fixture.workflow;
      // HTTP Request tools call a real local API, here on a free port.
      if (JSON.stringify(workflow).includes(FIXTURE_TOOL_API_HOST)) {
        toolApi = await startToolApiServer();
        workflow = JSON.parse(JSON.stringify(workflow).split(FIXTURE_TOOL_API_HOST).join(toolApi.host)) as WorkflowJson;
      }
      const run = await runAiWorkflow(aiEngine(server.baseUrl), workflow, fixture.name);
      const actual = normalizeRun(run);
      expect(actual.nodes).toEqual(fixture.expected.nodes);
      expect(actual.status).toBe(fixture.expected.status);
      expect(actual.error).toBe(fixture.expected.error);
      expect(actual.nodeErrors).toEqual(fixture.expected.nodeErrors);
      expect(order(run)).toEqual(fixture.expected.order);
      expect(server.requests.map((request) => ({ path: request.path, body: request.body }))).toEqual(fixture.requests);
    });
  }
});
