import { Writable } from 'node:stream';
import { ExecutionService } from '../../../src/executions/execution-service';
import { ConcurrencyGate } from '../../../src/executions/concurrency';
import { ResumeTokens } from '../../../src/executions/resume-tokens';
import { WorkflowLoader } from '../../../src/executions/workflow-loader';
import { createLogger, type Logger } from '../../../src/logging';
import { errorTriggerNode } from '../../../src/nodes/core/triggers/error-trigger';
import { executeWorkflowTriggerNode } from '../../../src/nodes/core/triggers/execute-workflow-trigger';
import { manualTriggerNode } from '../../../src/nodes/core/triggers/manual-trigger';
import { flowNodes } from '../../../src/nodes/flow';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite';
import type { ExecutionStore, WorkflowStore } from '../../../src/store/types';
import { WaitTracker } from '../../../src/waiting';
import type { JsonObject, JsonValue } from '../../../src/workflow/json';
import type { NodeJson, WorkflowJson, WorkflowSettingsJson } from '../../../src/workflow/types';
import { MemoryWorkflowStore } from '../../helpers/memory-stores';
import { testDeps, testRegistry } from '../../helpers/test-nodes';

export const PUBLIC_URL = 'http://localhost:5678';
export const RESUME_SECRET = 'resume-secret-for-tests';

/** How many times each `test.count` node ran, by its `key` parameter. */
export const runCounts = new Map<string, number>();

/** Nodes the service tests need beyond the engine's test nodes. */
export const fixtureNodes: NodeTypeDefinition[] = [
  manualTriggerNode,
  executeWorkflowTriggerNode,
  errorTriggerNode,
  ...flowNodes,
  {
    type: 'test.tag',
    displayName: 'Tag items',
    versions: [1],
    execute: (ctx) => {
      const field = String(ctx.getParam('field', 0, 'tag'));
      const value = ctx.getParam<JsonValue>('value', 0, true);
      return Promise.resolve([ctx.getInputItems().map((item) => ({ json: { ...item.json, [field]: value } }))]);
    },
  },
  {
    type: 'test.slow',
    displayName: 'Slow',
    versions: [1],
    execute: (ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve([ctx.getInputItems()]), Number(ctx.getParam('ms', 0, 1000)));
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      }),
  },
  {
    type: 'test.count',
    displayName: 'Count runs',
    versions: [1],
    execute: (ctx) => {
      const key = String(ctx.getParam('key', 0, ctx.node.name));
      runCounts.set(key, (runCounts.get(key) ?? 0) + 1);
      return Promise.resolve([ctx.getInputItems()]);
    },
  },
  {
    type: 'test.respond',
    displayName: 'Respond',
    versions: [1],
    execute: (ctx) => {
      ctx.services.webhookResponse?.send({ statusCode: 201, headers: { 'x-responder': 'test' }, body: { answered: ctx.getInputItems()[0]?.json.body ?? null } });
      return Promise.resolve([ctx.getInputItems()]);
    },
  },
  {
    // Parks like a Wait node whose webhook limit fails the run (no n8n node does; the contract allows it).
    type: 'test.waitOrFail',
    displayName: 'Wait or fail',
    versions: [1],
    execute: (ctx) => {
      ctx.nodeState.resumeWebhook = { httpMethods: ['POST'], authentication: 'none', responseMode: 'onReceived', onTimeout: 'error' };
      const until = new Date(Date.now() + Number(ctx.getParam('ms', 0, 50)));
      return Promise.resolve({ kind: 'wait', until, resumeOnWebhook: { httpMethod: 'POST', authentication: 'none', onTimeout: 'error' } });
    },
  },
];

type NodeSpec = [name: string, type: string, parameters?: JsonObject, extra?: Partial<NodeJson>];

/** n8n export JSON from `[name, type, parameters, extra]` tuples and `[from, to, output?]` edges. */
export function workflowJson(
  id: string,
  nodes: NodeSpec[],
  edges: Array<[string, string, number?]>,
  settings: WorkflowSettingsJson = {},
): WorkflowJson & { id: string } {
  const connections: WorkflowJson['connections'] = {};
  for (const [from, to, output = 0] of edges) {
    const main = (connections[from] ??= { main: [] }).main;
    while (main.length <= output) main.push([]);
    main[output]!.push({ node: to, type: 'main', index: 0 });
  }
  return {
    id,
    name: id,
    nodes: nodes.map(([name, type, parameters = {}, extra = {}], index) => ({ name, type, typeVersion: 1, position: [index * 200, 0], parameters, ...extra })),
    connections,
    settings: { executionOrder: 'v1', ...settings },
  };
}

/** A logger that writes nowhere but keeps its lines for assertions. */
export function recordingLogger(): { logger: Logger; lines: () => JsonObject[] } {
  const lines: JsonObject[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as JsonObject);
      callback();
    },
  });
  return { logger: createLogger('warn', { stream }), lines: () => lines };
}

export interface HarnessOptions {
  workflows?: Array<WorkflowJson & { id: string }>;
  workflowStore?: WorkflowStore;
  /** SQLite file; in memory when absent. */
  sqlite?: { dataDir: string } | { file: string };
  /** Wraps the SQLite execution store (recording, faults...). */
  wrapExecutions?: (store: ExecutionStore) => ExecutionStore;
  maxSubworkflowDepth?: number;
  runningRecordDelayMs?: number;
  pollIntervalMs?: number;
}

export interface Harness {
  service: ExecutionService;
  store: SqliteStore;
  executions: ExecutionStore;
  workflows: WorkflowStore;
  memoryWorkflows?: MemoryWorkflowStore;
  tokens: ResumeTokens;
  tracker: WaitTracker;
  logLines: () => JsonObject[];
  /** Stops the tracker and closes the store (what a process exit leaves behind). */
  close(): Promise<void>;
}

/** An ExecutionService over SQLite with the flow nodes, as the composition root wires it. */
export function createHarness(options: HarnessOptions = {}): Harness {
  const store = openSqliteStore(options.sqlite ?? { file: ':memory:' });
  const executions = options.wrapExecutions ? options.wrapExecutions(store.executions) : store.executions;
  const memoryWorkflows = options.workflowStore ? undefined : new MemoryWorkflowStore(options.workflows ?? []);
  const workflows = options.workflowStore ?? (memoryWorkflows as MemoryWorkflowStore);
  const { logger, lines } = recordingLogger();
  const tokens = new ResumeTokens(RESUME_SECRET);
  const tracker = new WaitTracker({ executions, logger, pollIntervalMs: options.pollIntervalMs ?? 60_000 });
  const service = new ExecutionService({
    engine: testDeps(fixtureNodes),
    workflows: new WorkflowLoader(workflows, testRegistry(fixtureNodes)),
    executions,
    logger,
    publicUrl: PUBLIC_URL,
    resumeTokens: tokens,
    gate: new ConcurrencyGate(-1, 100),
    maxSubworkflowDepth: options.maxSubworkflowDepth ?? 10,
    runningRecordDelayMs: options.runningRecordDelayMs ?? 60_000,
    onWaiting: tracker.track,
  });
  return {
    service,
    store,
    executions,
    workflows,
    memoryWorkflows,
    tokens,
    tracker,
    logLines: lines,
    close: async () => {
      tracker.stop();
      await tracker.idle();
      await store.close();
    },
  };
}

/** Polls `probe` until it returns something other than undefined (fails after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
