import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/contracts/run-data';
import type { JsonObject, JsonValue } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import { createAiAgentService } from '../../helpers/ai-agent-service';
import { normalizeRun } from '../../helpers/n8n-fixtures';
import { startOpenAiServer, type ScriptedReply } from '../../helpers/openai-server';

/**
 * Differential fixtures for the AI Agent (test/fixtures/n8n-diff/ai-agent): workflows we wrote,
 * run by the real n8n 2.40.7 against a scripted OpenAI-compatible server. Each holds the
 * replies that server gave, the items n8n produced (normalised as the conformance suite does,
 * with the node run order) and the request bodies n8n sent the model. We run the same
 * workflow against the same replies and must produce the same items and send the same requests.
 */
interface AgentFixture {
  name: string;
  workflow: WorkflowJson & { id: string };
  subWorkflows: Array<WorkflowJson & { id: string }>;
  replies: ScriptedReply[];
  expected: { status: string; nodes: Record<string, JsonValue[][][]>; error: string | null; nodeErrors: Record<string, Array<string | null>>; order: string[] };
  requests: JsonObject[];
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'n8n-diff', 'ai-agent');
const fixtures: AgentFixture[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ name: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Omit<AgentFixture, 'name'>) }));

/** Node runs in executionIndex order, one entry per run (the conformance suite's `order`). */
function runOrder(run: Run): string[] {
  return Object.entries(run.data.resultData.runData)
    .flatMap(([name, tasks]) => tasks.map((task) => [task.executionIndex, name] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);
}

describe('AI Agent against n8n 2.40.7 (same scripted model)', () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    const server = await startOpenAiServer({ queue: fixture.replies });
    const service = createAiAgentService({
      workflows: [fixture.workflow, ...fixture.subWorkflows],
      credentials: { openAiApi: { apiKey: 'sk-test', url: server.baseUrl } },
    });
    try {
      const run = await service.run(fixture.workflow.id);
      const { order, errorNode: _errorNode, orderSource: _source, ...expected } = fixture.expected as AgentFixture['expected'] & { errorNode?: string; orderSource?: string };
      expect(normalizeRun(run)).toEqual(expected);
      expect(runOrder(run)).toEqual(order);
      expect(server.requests.map((request) => request.body)).toEqual(fixture.requests);
    } finally {
      await service.close();
      await server.close();
    }
  });
});
