import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../workflow/json';
import type { WorkflowJson } from '../workflow/types';
import type { ExecutionLogRecord, ExecutionRecord } from '../store/types';
import type { RunData } from '../contracts/run-data';
import { createOdooClient, type OdooClient } from '../odoo/client';
import type { OdooTransportChoice } from '../odoo/config';
import { OdooExecutionStore } from '../store/odoo/execution-store';
import { OdooWorkflowStore } from '../store/odoo/workflow-store';
import { OdooWorkflowTransfer } from '../store/odoo/workflow-transfer';
import { type OdooCallCost, OdooLogWatch } from './odoo-log-stats';

/**
 * How fast executions reach Odoo through OdooExecutionStore, and with how many RPC calls.
 * Each simulated execution is saved twice, as the engine does: `running` when it starts,
 * then `success` with one log per node. Odoo mode only: without ODOO_URL it does nothing.
 */
export interface OdooBenchOptions {
  executions?: number;
  producers?: number;
  /** Executions run one at a time, each delivered before the next starts. */
  idleExecutions?: number;
  /** Keep the bench canvas and its executions in Odoo (default: deleted afterwards). */
  keep?: boolean;
  /** Deliver through the addon's `ingest_batch` (true, the default) or through `create`. */
  bulkIngest?: boolean;
  /** Executions per call and calls in flight (the writer's defaults otherwise). */
  maxBatch?: number;
  concurrency?: number;
  /** Told when the loaded phase starts and ends (a caller measuring other processes' CPU). */
  onLoadedPhase?: (phase: 'start' | 'end') => void;
}

export interface OdooBenchResult {
  transport: string;
  /** The write path: the addon's set-based `ingest_batch`, or the ORM's `create`. */
  path: 'ingest_batch' | 'create';
  executions: number;
  producers: number;
  seconds: number;
  persistedPerSecond: number;
  rpcCallsPerExecution: number;
  writeCallsPerExecution: number;
  /** Calls by model.method during the loaded phase. */
  calls: Record<string, number>;
  idle: { executions: number; rpcCallsPerExecution: number; writeCallsPerExecution: number };
  /** Executions of this run found in Odoo afterwards (must equal idle + loaded). */
  persistedInOdoo: number;
  /** CPU time of this (sidecar) process per execution during the loaded phase, in ms. */
  sidecarCpuMsPerExecution: number;
  /** Odoo's own figures for the loaded phase, from its log (BENCH_ODOO_LOG), by method. */
  odooCosts?: Record<string, OdooCallCost>;
}

const NODE_NAMES = ['Manual Trigger', 'Set', 'IF', 'Code', 'Set Result', 'No Op'];
const NODE_TYPES = ['manual', 'set', 'if', 'code', 'set', 'noOp'];

function benchWorkflow(workflowId: string): WorkflowJson {
  return {
    id: workflowId,
    name: `Odoo bench ${workflowId}`,
    nodes: NODE_NAMES.map((name, index) => ({
      id: `${workflowId}-${index}`,
      name,
      type: NODE_TYPES[index] as string,
      position: [index * 200, 0],
      parameters: (name === 'Code' ? { jsCode: 'return $input.all();' } : {}) as JsonObject,
    })),
    connections: Object.fromEntries(
      NODE_NAMES.slice(0, -1).map((name, index) => [name, { main: [[{ node: NODE_NAMES[index + 1] as string, type: 'main', index: 0 }]] }]),
    ),
    settings: { executionOrder: 'v1' },
  };
}

function record(id: string, canvasId: string, workflow: WorkflowJson, done: boolean, startedAt: Date): ExecutionRecord {
  const item: JsonObject = { orderId: id, amount: 42, customer: { name: 'Ada', email: 'ada@example.com' } };
  const logs: ExecutionLogRecord[] = done
    ? NODE_NAMES.map((nodeName, sequence) => ({
        nodeName,
        nodeId: `${workflow.id}-${sequence}`,
        runIndex: 0,
        sequence,
        startedAt: new Date(startedAt.getTime() + sequence),
        finishedAt: new Date(startedAt.getTime() + sequence + 1),
        status: 'success',
        inputItems: [{ json: item }],
        outputItems: [[{ json: item }]],
      }))
    : [];
  const runData: RunData = {};
  if (done) {
    NODE_NAMES.forEach((name, executionIndex) => {
      runData[name] = [
        {
          startTime: startedAt.getTime() + executionIndex,
          executionTime: 1,
          executionIndex,
          executionStatus: 'success',
          source: executionIndex === 0 ? [] : [{ previousNode: NODE_NAMES[executionIndex - 1] as string }],
          data: { main: [[{ json: item }]] },
        },
      ];
    });
  }
  return {
    id,
    canvasId,
    workflowId: workflow.id as string,
    mode: 'production',
    status: done ? 'success' : 'running',
    finished: done,
    startedAt,
    ...(done ? { stoppedAt: new Date(startedAt.getTime() + NODE_NAMES.length) } : {}),
    workflowData: workflow,
    data: {
      startData: {},
      resultData: { runData, ...(done ? { lastNodeExecuted: 'No Op' } : {}) },
      executionData: { nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {}, nextExecutionIndex: 6, nodeRunCount: 6 },
    },
    logs,
  };
}

/** One execution's two saves, with the engine's few milliseconds of work between them. */
async function execute(store: OdooExecutionStore, id: string, canvasId: string, workflow: WorkflowJson): Promise<void> {
  const startedAt = new Date();
  await store.save(record(id, canvasId, workflow, false, startedAt));
  await new Promise((resolve) => setTimeout(resolve, 2));
  await store.save(record(id, canvasId, workflow, true, startedAt));
}

function clientFromEnv(env: NodeJS.ProcessEnv): OdooClient | undefined {
  if (!env.ODOO_URL) return undefined;
  return createOdooClient({
    url: env.ODOO_URL,
    db: env.ODOO_DB ?? '',
    user: env.ODOO_USER ?? '',
    password: env.ODOO_PASSWORD || undefined,
    apiKey: env.ODOO_API_KEY || undefined,
    transport: (env.ODOO_TRANSPORT as OdooTransportChoice | undefined) ?? 'auto',
  });
}

/**
 * The sidecar's user may delete executions (pruning) but not canvases: the canvas goes only
 * when admin credentials are given (ODOO_ADMIN_USER / ODOO_ADMIN_PASSWORD).
 */
async function removeBenchData(client: OdooClient, canvasId: number, env: NodeJS.ProcessEnv): Promise<void> {
  const executions = await client.search('executions', [['canvas_id', '=', canvasId]]);
  if (executions.length > 0) await client.unlink('executions', executions);
  if (!env.ODOO_ADMIN_USER || !env.ODOO_ADMIN_PASSWORD) return;
  const admin = createOdooClient({
    url: env.ODOO_URL as string,
    db: env.ODOO_DB ?? '',
    user: env.ODOO_ADMIN_USER,
    password: env.ODOO_ADMIN_PASSWORD,
  });
  await admin.unlink('canvas', [canvasId]);
  await admin.close();
}

export async function runOdooBench(
  env: NodeJS.ProcessEnv = process.env,
  options: OdooBenchOptions = {},
): Promise<OdooBenchResult | undefined> {
  const client = clientFromEnv(env);
  if (!client) return undefined;
  const executions = options.executions ?? 500;
  const producers = options.producers ?? 20;
  const idleExecutions = options.idleExecutions ?? 20;
  const stamp = `bench-${Date.now().toString(36)}`;
  const workflow = benchWorkflow(stamp);
  const { canvasId } = await new OdooWorkflowTransfer(client).importWorkflow(workflow);
  const canvas = String(canvasId);
  const workflows = new OdooWorkflowStore({ client, revalidateAfterMs: 60_000 });
  await workflows.get(canvas);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-bench-'));
  const bulkIngest = options.bulkIngest ?? true;
  const store = new OdooExecutionStore({
    client,
    dataDir,
    nodeRefs: (id) => workflows.nodeRefs(id),
    bulkIngest,
    maxBatch: options.maxBatch,
    concurrency: options.concurrency,
  });
  try {
    client.stats.reset();
    for (let i = 0; i < idleExecutions; i += 1) {
      await execute(store, `${stamp}-idle-${i}`, canvas, workflow);
      await store.flush();
    }
    const idle = {
      executions: idleExecutions,
      rpcCallsPerExecution: client.stats.total / idleExecutions,
      writeCallsPerExecution: client.stats.writes / idleExecutions,
    };

    client.stats.reset();
    const logWatch = env.BENCH_ODOO_LOG ? new OdooLogWatch(env.BENCH_ODOO_LOG) : undefined;
    options.onLoadedPhase?.('start');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: producers }, async () => {
        while (next < executions) {
          const index = next;
          next += 1;
          await execute(store, `${stamp}-load-${index}`, canvas, workflow);
        }
      }),
    );
    const status = await store.flush();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    options.onLoadedPhase?.('end');
    if (status.pending > 0 || status.deadLetters > 0) {
      throw new Error(`Bench executions not delivered: ${status.pending} pending, ${status.deadLetters} refused (${status.lastError ?? ''})`);
    }
    const calls = client.stats.snapshot();
    const result: OdooBenchResult = {
      transport: await client.transportKind(),
      path: bulkIngest && (calls['executions.ingest_batch'] ?? 0) > 0 ? 'ingest_batch' : 'create',
      executions,
      producers,
      seconds,
      persistedPerSecond: executions / seconds,
      rpcCallsPerExecution: client.stats.total / executions,
      writeCallsPerExecution: client.stats.writes / executions,
      calls,
      idle,
      persistedInOdoo: await client.searchCount('executions', [['canvas_id', '=', canvasId]]),
      sidecarCpuMsPerExecution: (cpu.user + cpu.system) / 1000 / executions,
      ...(logWatch ? { odooCosts: logWatch.costs('executions') } : {}),
    };
    return result;
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!options.keep) await removeBenchData(client, canvasId, env);
    await client.close();
  }
}

/** Odoo's own cost of the write calls of the loaded phase, per execution and per call. */
function odooCostLine(result: OdooBenchResult): string | undefined {
  if (!result.odooCosts) return undefined;
  const writes = ['ingest_batch', 'update_batch', 'create', 'write'].filter((method) => result.odooCosts?.[method]);
  if (writes.length === 0) return '  Odoo log: no write calls found (BENCH_ODOO_LOG must be the log of the Odoo at ODOO_URL)';
  const total = writes.reduce((sum, method) => sum + (result.odooCosts?.[method]?.sqlMs ?? 0) + (result.odooCosts?.[method]?.otherMs ?? 0), 0);
  const perMethod = writes.map((method) => {
    const cost = result.odooCosts?.[method] as OdooCallCost;
    return `${method} ${cost.calls} calls, ${(cost.queries / cost.calls).toFixed(1)} SQL statements and ${((cost.sqlMs + cost.otherMs) / cost.calls).toFixed(0)} ms (${(cost.sqlMs / cost.calls).toFixed(0)} in SQL) per call`;
  });
  return `  Odoo's log: ${(total / result.executions).toFixed(2)} ms of server time per execution; ${perMethod.join('; ')}`;
}

export function formatOdooBench(result: OdooBenchResult): string {
  const fixed = (value: number, digits = 2) => value.toFixed(digits);
  const costs = odooCostLine(result);
  return [
    `Odoo persistence through ${result.path} (${result.transport}): ${result.executions} executions of a 6-node workflow from ${result.producers} producers`,
    `  ${fixed(result.persistedPerSecond, 1)} executions/s persisted (${fixed(result.seconds)} s), ` +
      `${fixed(result.rpcCallsPerExecution, 3)} RPC calls and ${fixed(result.writeCallsPerExecution, 3)} write calls per execution`,
    `  idle (one at a time): ${fixed(result.idle.rpcCallsPerExecution)} RPC calls, ${fixed(result.idle.writeCallsPerExecution)} write calls per execution`,
    `  sidecar CPU: ${fixed(result.sidecarCpuMsPerExecution, 3)} ms per execution (outbox, mapping, JSON, HTTP)`,
    ...(costs ? [costs] : []),
    `  in Odoo afterwards: ${result.persistedInOdoo} executions (expected ${result.executions + result.idle.executions})`,
  ].join('\n');
}

/** Bench settings from the environment: BENCH_ODOO_EXECUTIONS, _PRODUCERS, _MAX_BATCH, _CONCURRENCY. */
export function odooBenchOptionsFromEnv(env: NodeJS.ProcessEnv): Omit<OdooBenchOptions, 'bulkIngest'> {
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return {
    executions: number('BENCH_ODOO_EXECUTIONS'),
    producers: number('BENCH_ODOO_PRODUCERS'),
    maxBatch: number('BENCH_ODOO_MAX_BATCH'),
    concurrency: number('BENCH_ODOO_CONCURRENCY'),
  };
}

/**
 * The same load through `create` and through `ingest_batch`, alternating for
 * BENCH_ODOO_ROUNDS rounds (default 2): on a shared machine both paths see the same load.
 */
export async function runOdooBenchComparison(
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<OdooBenchOptions, 'bulkIngest'> = odooBenchOptionsFromEnv(env),
): Promise<OdooBenchResult[] | undefined> {
  if (!env.ODOO_URL) return undefined;
  const rounds = Number(env.BENCH_ODOO_ROUNDS ?? 2);
  const results: OdooBenchResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const bulkIngest of [false, true]) {
      const result = await runOdooBench(env, { ...options, bulkIngest });
      if (result) results.push(result);
    }
  }
  return results;
}

if (require.main === module) {
  runOdooBenchComparison()
    .then((results) => {
      console.log(results ? results.map(formatOdooBench).join('\n') : 'ODOO_URL is not set: Odoo bench skipped');
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
