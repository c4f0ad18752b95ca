import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeWorkflow } from '../../src/engine/executor';
import type { Run } from '../../src/contracts/run-data';
import { createEngineDependencies } from '../../src/executions/engine-deps';
import { createDefaultRegistry } from '../../src/nodes/default-registry';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import { buildWorkflow } from '../../src/workflow/parse';
import type { WorkflowJson } from '../../src/workflow/types';

/**
 * Differential fixtures: a workflow we wrote and what the real n8n 2.40.7 produced for it
 * (`expected`, normalised as the conformance suite does: per node, per run, per output, the
 * items' json; plus the run's status and error). Tests run the workflow on our engine and
 * compare.
 */
export interface N8nFixture {
  name: string;
  /**
   * The run's mode. n8n's `execute` command runs in its "cli" mode, which, like production,
   * skips invalid execution custom data instead of failing the node: such fixtures say
   * `production`.
   */
  mode?: 'manual' | 'production';
  workflow: WorkflowJson;
  expected: { status: string; nodes: Record<string, JsonValue[][][]>; error: string | null; nodeErrors: Record<string, Array<string | null>> };
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'n8n-diff');

export function loadFixtures(prefix: string): N8nFixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Omit<N8nFixture, 'name'>) }));
}

/** The conformance normalisation: json only, null outputs as [], trailing empty outputs dropped. */
export function normalizeRun(run: Run): { status: string; nodes: Record<string, JsonValue[][][]>; error: string | null; nodeErrors: Record<string, Array<string | null>> } {
  const nodes: Record<string, JsonValue[][][]> = {};
  const nodeErrors: Record<string, Array<string | null>> = {};
  for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
    nodes[name] = tasks.map((task) => {
      const outputs = (task.data?.main ?? []).map((items) => (items ?? []).map((item) => JSON.parse(JSON.stringify(item.json)) as JsonObject));
      while (outputs.length > 0 && outputs[outputs.length - 1].length === 0) outputs.pop();
      return outputs;
    });
    if (tasks.some((task) => task.error)) nodeErrors[name] = tasks.map((task) => task.error?.message ?? null);
  }
  return { status: run.status, nodes, error: run.data.resultData.error?.message ?? null, nodeErrors };
}

const registry = createDefaultRegistry();
const deps = createEngineDependencies(
  { codeTimeoutMs: 5000, codeMemoryMb: 64, maxNodeRuns: 1000, timezone: 'UTC', envAllowlist: [] },
  registry,
);

export async function runFixture(fixture: N8nFixture): Promise<Run> {
  const workflow = buildWorkflow(fixture.workflow, registry, { label: fixture.name });
  return executeWorkflow(deps, { workflow, executionId: `fixture-${fixture.name}`, mode: fixture.mode ?? 'manual' });
}

export function disposeFixtureEngine(): void {
  deps.expressions.dispose();
}

/** Runs the fixture on our engine and expects n8n's items, status and error messages. */
export async function expectMatchesN8n(fixture: N8nFixture): Promise<void> {
  const actual = normalizeRun(await runFixture(fixture));
  expect(actual.nodes).toEqual(fixture.expected.nodes);
  expect(actual.status).toBe(fixture.expected.status);
  expect(actual.error).toBe(fixture.expected.error);
  expect(actual.nodeErrors).toEqual(fixture.expected.nodeErrors);
}
