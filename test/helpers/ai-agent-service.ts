import { Writable } from 'node:stream';
import type { CredentialProvider } from '../../src/contracts/node-services';
import type { NodeServices } from '../../src/contracts/node-services';
import { ConcurrencyGate } from '../../src/executions/concurrency';
import { createEngineDependencies } from '../../src/executions/engine-deps';
import { ExecutionService } from '../../src/executions/execution-service';
import { ResumeTokens } from '../../src/executions/resume-tokens';
import { WorkflowLoader } from '../../src/executions/workflow-loader';
import { createLogger } from '../../src/logging';
import { createDefaultRegistry } from '../../src/nodes/default-registry';
import type { NodeRegistry } from '../../src/nodes/registry';
import type { Run } from '../../src/contracts/run-data';
import type { ExecutionStore, WorkflowStore } from '../../src/store/types';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite';
import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { MemoryWorkflowStore } from './memory-stores';

/** Credentials by type, handed to every node (what a test's vault would hold). */
export function staticCredentials(byType: Record<string, JsonObject>): CredentialProvider {
  return {
    resolve: async (type, reference) => {
      const data = byType[type];
      if (!data) throw new Error(`no ${type} credential in this test`);
      return { id: reference.id ?? type, name: reference.name ?? type, type, data };
    },
    update: async () => undefined,
  };
}

/** The real node registry (the OpenAI Chat Model included). */
export function aiRegistry(): NodeRegistry {
  return createDefaultRegistry();
}

export interface AiAgentService {
  service: ExecutionService;
  store: SqliteStore;
  executions: ExecutionStore;
  /** Runs a stored workflow to its end and returns n8n's IRun shape of it (and its id). */
  run(workflowId: string): Promise<Run & { executionId: string }>;
  close(): Promise<void>;
}

/** An ExecutionService with every real node over SQLite, as the service wires it. */
export interface AiAgentServiceOptions {
  /** Held in memory; or `workflowStore` (Odoo's) instead. */
  workflows?: Array<WorkflowJson & { id: string }>;
  workflowStore?: WorkflowStore;
  /** SQLite's by default; Odoo's for live tests. */
  executions?: ExecutionStore;
  credentials: Record<string, JsonObject>;
  sqlite?: { file: string };
  services?: NodeServices;
}

export function createAiAgentService(options: AiAgentServiceOptions): AiAgentService {
  const store = openSqliteStore(options.sqlite ?? { file: ':memory:' });
  const registry = aiRegistry();
  const workflows = options.workflowStore ?? new MemoryWorkflowStore(options.workflows ?? []);
  const executions = options.executions ?? store.executions;
  const deps = createEngineDependencies({ codeTimeoutMs: 5000, codeMemoryMb: 64, maxNodeRuns: 1000, timezone: 'UTC', envAllowlist: [] }, registry, {
    credentials: staticCredentials(options.credentials),
    chatMemory: store.chatMemory,
    ...options.services,
  });
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const service = new ExecutionService({
    engine: deps,
    workflows: new WorkflowLoader(workflows, registry),
    executions,
    logger: createLogger('warn', { stream: quiet }),
    publicUrl: 'http://localhost:5678',
    resumeTokens: new ResumeTokens('resume-secret-for-tests'),
    gate: new ConcurrencyGate(-1, 100),
    maxSubworkflowDepth: 10,
  });
  return {
    service,
    store,
    executions,
    run: async (workflowId) => {
      const started = await service.start({ workflowId, mode: 'manual' });
      await started.done;
      const record = await executions.get(started.executionId);
      if (!record) throw new Error(`execution ${started.executionId} was not saved`);
      return {
        executionId: started.executionId, data: record.data, status: record.status === 'cancelled' ? 'canceled' : record.status, mode: record.mode, finished: record.finished, startedAt: record.startedAt.toISOString() };
    },
    close: async () => {
      deps.expressions.dispose();
      await store.close();
    },
  };
}
