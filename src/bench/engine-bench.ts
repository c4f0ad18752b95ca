import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { executeWorkflow, type EngineDependencies } from '../engine/executor';
import type { Item } from '../contracts/run-data';
import { ConcurrencyGate } from '../executions/concurrency';
import { createEngineDependencies } from '../executions/engine-deps';
import { ExecutionService } from '../executions/execution-service';
import { ResumeTokens } from '../executions/resume-tokens';
import { WorkflowLoader } from '../executions/workflow-loader';
import { createExpressionEngine } from '../expressions';
import { newExecutionId } from '../ids';
import { createLogger } from '../logging';
import { createDefaultRegistry } from '../nodes/default-registry';
import { openSqliteStore } from '../store/sqlite';
import type { WorkflowStore } from '../store/types';
import { buildWorkflow } from '../workflow/parse';
import type { Workflow } from '../workflow/types';
import { runsPerSecond, timed, withPeakRss } from './measure';
import { STANDARD_WORKFLOW, benchItems } from './standard-workflow';

export interface EngineFigures {
  /** 1-item runs per second, back to back. */
  executionsPerSecond: number;
  runs: number;
  /** One run of 10,000 items. */
  bigRunMs: number;
  itemsPerSecond: number;
  peakRssMb: number;
}

export interface EngineBenchResult {
  engineOnly: EngineFigures;
  withStore: EngineFigures;
}

const BIG_RUN_ITEMS = 10_000;
const WARM_UP_RUNS = 200;

type RunOnce = (items: Item[]) => Promise<void>;

async function measure(runOnce: RunOnce, seconds: number): Promise<EngineFigures> {
  const one = benchItems(1);
  for (let index = 0; index < WARM_UP_RUNS; index += 1) await runOnce(one);
  const { result, peakRssMb } = await withPeakRss(async () => {
    const rate = await runsPerSecond(() => runOnce(one), seconds);
    const big = await timed(() => runOnce(benchItems(BIG_RUN_ITEMS)));
    return { rate, big };
  });
  return {
    executionsPerSecond: result.rate.perSecond,
    runs: result.rate.runs,
    bigRunMs: result.big.ms,
    itemsPerSecond: BIG_RUN_ITEMS / (result.big.ms / 1000),
    peakRssMb,
  };
}

function engineOnly(engine: EngineDependencies, workflow: Workflow): RunOnce {
  return async (items) => {
    const run = await executeWorkflow(engine, { workflow, executionId: newExecutionId(), mode: 'manual', triggerItems: items });
    if (run.status !== 'success') throw new Error(`bench run ended ${run.status}: ${run.data.resultData.error?.message ?? ''}`);
  };
}

/** Runs through the ExecutionService, each execution saved with its node logs in SQLite. */
function withStore(engine: EngineDependencies, workflow: Workflow, dataDir: string): { runOnce: RunOnce; close: () => Promise<void> } {
  const sqlite = openSqliteStore({ dataDir });
  const noWorkflows: WorkflowStore = { get: async () => undefined, list: async () => [], setActive: async () => undefined };
  const quiet = createLogger('error', { stream: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });
  const service = new ExecutionService({
    engine,
    workflows: new WorkflowLoader(noWorkflows, createDefaultRegistry()),
    executions: sqlite.executions,
    logger: quiet,
    publicUrl: 'http://localhost',
    resumeTokens: new ResumeTokens('bench'),
    gate: new ConcurrencyGate(-1, 0),
    maxSubworkflowDepth: 10,
  });
  return {
    runOnce: async (items) => {
      const started = await service.start({ inline: { workflow, canvasId: 'bench-engine' }, mode: 'manual', triggerItems: items });
      const summary = await started.done;
      if (summary.status !== 'success') throw new Error(`bench run ended ${summary.status}: ${summary.errorMessage ?? ''}`);
    },
    close: () => sqlite.close(),
  };
}

/** The engine alone, then the same runs saved in the embedded store. */
export async function runEngineBench(options: { seconds?: number; offThread?: boolean } = {}): Promise<EngineBenchResult> {
  const seconds = options.seconds ?? 3;
  const registry = createDefaultRegistry();
  const expressions = createExpressionEngine({ timeoutMs: 5000, memoryMb: 128, offThread: options.offThread });
  await expressions.warmUp?.();
  const engine = createEngineDependencies({ codeTimeoutMs: 5000, codeMemoryMb: 128, maxNodeRuns: 100_000, timezone: 'UTC', envAllowlist: [] }, registry, {}, expressions);
  const workflow = buildWorkflow(STANDARD_WORKFLOW, registry);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  try {
    const alone = await measure(engineOnly(engine, workflow), seconds);
    const stored = withStore(engine, workflow, dataDir);
    try {
      return { engineOnly: alone, withStore: await measure(stored.runOnce, seconds) };
    } finally {
      await stored.close();
    }
  } finally {
    expressions.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
