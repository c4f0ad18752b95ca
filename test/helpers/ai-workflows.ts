import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeWorkflow } from '../../src/engine/executor';
import type { Run } from '../../src/contracts/run-data';
import type { CredentialProvider } from '../../src/contracts/node-services';
import { createEngineDependencies } from '../../src/executions/engine-deps';
import { createDefaultRegistry } from '../../src/nodes/default-registry';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import { buildWorkflow } from '../../src/workflow/parse';
import type { WorkflowJson } from '../../src/workflow/types';
import type { EngineDependencies } from '../../src/engine/executor';
import type { ScriptRule } from './openai-server';

/** Resolves every `openAiApi` reference to one credential pointing at `baseUrl`. */
export function openAiCredentials(baseUrl: string, apiKey = 'sk-test-123', extra: JsonObject = {}): CredentialProvider {
  return {
    resolve: (type, reference) => {
      if (type !== 'openAiApi') return Promise.reject(new Error(`no ${type} credential in this test`));
      return Promise.resolve({ id: String(reference.id ?? 'oai'), name: String(reference.name ?? 'OpenAI'), type, data: { apiKey, url: baseUrl, ...extra } });
    },
    update: () => Promise.resolve(),
  };
}

const registry = createDefaultRegistry();
const engines: EngineDependencies[] = [];

/** Engine dependencies whose openAiApi credential points at the scripted server. */
export function aiEngine(baseUrl: string, apiKey?: string, extra?: JsonObject): EngineDependencies {
  const deps = createEngineDependencies(
    { codeTimeoutMs: 5000, codeMemoryMb: 64, maxNodeRuns: 1000, timezone: 'UTC', envAllowlist: [] },
    registry,
    { credentials: openAiCredentials(baseUrl, apiKey, extra) },
  );
  engines.push(deps);
  return deps;
}

export function disposeAiEngines(): void {
  for (const deps of engines.splice(0)) deps.expressions.dispose();
}

export async function runAiWorkflow(deps: EngineDependencies, workflow: WorkflowJson, name = 'ai'): Promise<Run> {
  return executeWorkflow(deps, { workflow: buildWorkflow(workflow, registry, { label: name }), executionId: `ai-${name}`, mode: 'manual' });
}

/**
 * A differential AI fixture we wrote: the workflow, the scripted replies the server gave both
 * engines, what the real n8n 2.40.7 produced (normalised: items per node/run/output, status,
 * error, order) and the request bodies n8n sent to the model.
 */
export interface AiFixture {
  name: string;
  workflow: WorkflowJson;
  rules: ScriptRule[];
  expected: { status: string; nodes: Record<string, JsonValue[][][]>; error: string | null; errorNode: string | null; nodeErrors: Record<string, Array<string | null>>; order: string[] };
  requests: Array<{ path: string; body: JsonObject }>;
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'n8n-diff');

export function loadAiFixtures(): AiFixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.startsWith('ai_') && file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Omit<AiFixture, 'name'>) }));
}
