import type { Config } from '../config';
import type { Logger } from '../logging';
import type { NodeServices } from '../contracts/node-services';
import { createOdooClient, createOdooGateway } from '../odoo';
import { FileWorkflowStore } from '../store/files';
import { OdooChatMemoryStore, OdooCredentialStore, OdooExecutionStore, OdooWorkflowStore, OdooWorkflowTransfer } from '../store/odoo';
import { openSqliteStore } from '../store/sqlite';
import type { CredentialStore, ExecutionStore, StateStore, WorkflowStore } from '../store/types';
import type { WorkflowLoader } from '../executions/workflow-loader';
import type { BacklogSource } from '../executions/backlog-bound';
import type { CanvasTransfer } from './transfer/canvas-transfer';
import { FileWorkflowTransfer } from './transfer/file-transfer';

/** The stores of one mode, and how to check and close them. */
export interface ServiceStores {
  kind: 'sqlite' | 'odoo';
  workflows: WorkflowStore;
  executions: ExecutionStore;
  /** Schedule slots; SQLite under DATA_DIR in both modes (one sidecar per Odoo database). */
  state: StateStore;
  /** Encrypted credentials: SQLite, or Odoo's `credentials` model (ciphertext only in both). */
  credentials?: CredentialStore;
  /** Services only this mode has (the Odoo node's connection). */
  nodeServices: NodeServices;
  /** Built once the loader exists (the file import validates with it). */
  transfer(loader: WorkflowLoader): CanvasTransfer;
  checkReady(): Promise<void>;
  /** Odoo mode: what the outbox holds for Odoo; absent in embedded mode (SQLite writes at once). */
  backlog?: () => BacklogSource;
  /** A small real write where executions are written (the database, or Odoo's outbox file). */
  probeWrite(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** How stale the embedded workflow folder may be (the file store's rescan interval). */
  workflowRescanMs?: number;
}

export function openStores(config: Config, logger: Logger, options: StoreOptions = {}): ServiceStores {
  const sqlite = openSqliteStore({ dataDir: config.dataDir });
  if (config.mode === 'embedded') {
    const workflows = new FileWorkflowStore({ directory: config.workflowsDir, activation: sqlite.activation, logger, rescanIntervalMs: options.workflowRescanMs });
    return {
      kind: 'sqlite',
      workflows,
      executions: sqlite.executions,
      state: sqlite.state,
      credentials: sqlite.credentials,
      nodeServices: { chatMemory: sqlite.chatMemory },
      transfer: (loader) => new FileWorkflowTransfer(config.workflowsDir, workflows, loader),
      checkReady: async () => {
        await sqlite.executions.list({ limit: 1, offset: 0 });
      },
      probeWrite: () => sqlite.probeWrite(),
      close: () => sqlite.close(),
    };
  }
  const { odoo } = config;
  const client = createOdooClient({ ...odoo, logger });
  const workflows = new OdooWorkflowStore({ client });
  const executions = new OdooExecutionStore({
    client,
    dataDir: config.dataDir,
    nodeRefs: (canvasId) => workflows.nodeRefs(canvasId),
    maxBatch: odoo.writeBatch,
    concurrency: odoo.writeConcurrency,
    logger,
  });
  return {
    kind: 'odoo',
    workflows,
    executions,
    state: sqlite.state,
    credentials: new OdooCredentialStore(client),
    nodeServices: { odoo: createOdooGateway(client), chatMemory: new OdooChatMemoryStore(client) },
    transfer: () => new OdooWorkflowTransfer(client),
    checkReady: async () => {
      await client.searchCount('canvas', []);
    },
    backlog: () => executions.backlog(),
    probeWrite: () => executions.probeWrite(),
    close: async () => {
      // Pending writes go to Odoo (or stay in the durable outbox) before the client closes.
      await executions.close();
      await client.close();
      await sqlite.close();
    },
  };
}
