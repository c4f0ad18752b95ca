import type { JsonValue } from '../../../src/workflow/json';
import type { OdooClient } from '../../../src/odoo/client';
import { OdooWorkflowStore } from '../../../src/store/odoo/workflow-store';
import { OdooExecutionStore } from '../../../src/store/odoo/execution-store';
import { OdooWorkflowTransfer } from '../../../src/store/odoo/workflow-transfer';
import { executionRecord, manualToSetWorkflow } from './records';
import { credentialLinks, credentialStore } from './credential-scenarios';

/**
 * Store scenarios run twice: once against the live Odoo by the recorder (which keeps every
 * HTTP exchange and the outcome), then by the unit tests against nock replaying those
 * exchanges, which must give the same outcome. Only plain JSON goes into outcomes.
 */
export interface ScenarioContext {
  client: OdooClient;
  /** A client whose Odoo is down (connection refused). */
  downClient: OdooClient;
  dataDir: string;
  /** Makes run-unique ids (execution_id and workflow_id are unique in Odoo). */
  stamp: string;
  /** Lets write_date move on (write_date has whole seconds): a real wait live, nothing in replay. */
  settle(): Promise<void>;
  /** The workflow store's clock. */
  now(): number;
}

export type Scenario = (ctx: ScenarioContext) => Promise<JsonValue>;

function plain(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

const T_LATER = new Date(Date.UTC(2026, 0, 2, 11, 0, 0));

/** Import a canvas, read it through the store, notice an edit, activate it, export it. */
export const workflowLifecycle: Scenario = async (ctx) => {
  const transfer = new OdooWorkflowTransfer(ctx.client);
  const workflow = manualToSetWorkflow(`rec-${ctx.stamp}-wf`);
  const imported = await transfer.importWorkflow(workflow);
  const duplicate = await transfer.importWorkflow(workflow, `Copy rec-${ctx.stamp}`);
  await ctx.settle();
  const store = new OdooWorkflowStore({ client: ctx.client, revalidateAfterMs: 0, now: ctx.now });
  const first = await store.get(String(imported.canvasId));
  const byWorkflowId = await store.get(imported.workflowId);
  const setNode = (await store.nodeRefs(String(imported.canvasId))).get('Set Node');
  await ctx.client.write('nodes', [setNode?.odooId ?? 0], { parameters: JSON.stringify({ values: { test: 'changed' } }) });
  await ctx.settle();
  const changed = await store.get(String(imported.canvasId));
  await store.setActive(String(imported.canvasId), true, T_LATER);
  await ctx.settle();
  const active = await store.get(String(imported.canvasId));
  const exported = await transfer.exportWorkflow(imported.canvasId);
  const missing = await store.get(`rec-${ctx.stamp}-missing`);
  return plain({
    imported,
    duplicate: { sameCanvas: duplicate.canvasId === imported.canvasId, warnings: duplicate.warnings },
    first: first?.json,
    sameObjectWhenUnchanged: byWorkflowId === first,
    changedParameters: changed?.json.nodes[1]?.parameters,
    active: { active: active?.active, activatedAt: active?.activatedAt },
    exported,
    missing: missing === undefined,
  });
};

/** Save, update, read back, list, transition, patch and prune executions. */
export const executionLifecycle: Scenario = async (ctx) => {
  const transfer = new OdooWorkflowTransfer(ctx.client);
  const workflow = manualToSetWorkflow(`rec-${ctx.stamp}-exec`);
  const { canvasId } = await transfer.importWorkflow(workflow);
  const canvas = String(canvasId);
  const workflows = new OdooWorkflowStore({ client: ctx.client, revalidateAfterMs: 60_000, now: ctx.now });
  const store = new OdooExecutionStore({
    client: ctx.client,
    dataDir: ctx.dataDir,
    nodeRefs: (id) => workflows.nodeRefs(id),
    batchWindowMs: 5,
    // Recorded on the `create` path, the fallback for an addon without `ingest_batch`.
    bulkIngest: false,
  });
  try {
    const first = `rec-${ctx.stamp}-1`;
    const running = executionRecord(first, canvas, workflow, 'running', { requestId: `req-${ctx.stamp}-1` });
    await store.save(running);
    const beforeDelivery = await store.get(first);
    const afterCreate = await store.flush();
    await store.save(executionRecord(first, canvas, workflow, 'success', { requestId: `req-${ctx.stamp}-1` }));
    const afterWrite = await store.flush();
    const readBack = await store.get(first);
    const byRequest = await store.findByRequestId(`req-${ctx.stamp}-1`);

    const waitingId = `rec-${ctx.stamp}-2`;
    const childId = `rec-${ctx.stamp}-3`;
    await store.save(
      executionRecord(waitingId, canvas, workflow, 'running', { status: 'waiting', waitTill: T_LATER, retryOf: first }),
    );
    await store.save(executionRecord(childId, canvas, workflow, 'running', { parentExecutionId: waitingId, mode: 'integrated' }));
    await store.flush();
    const listed = await store.list({ canvasId: canvas, limit: 10, offset: 0 });
    const waiting = await store.listWaiting(new Date(T_LATER.getTime() + 1000));
    const won = await store.transition(waitingId, 'waiting', 'running');
    const lost = await store.transition(waitingId, 'waiting', 'running');
    await store.patch(first, { retrySuccessId: childId });
    await store.flush();
    const running2 = await store.listByStatus('running');
    const patched = await store.get(first);
    const pruned = await store.prune({ before: new Date(Date.UTC(2026, 0, 2, 10, 0, 1)) });
    const afterPrune = await store.get(first);
    return plain({
      beforeDelivery: beforeDelivery?.status,
      afterCreate,
      afterWrite,
      readBack,
      byRequest,
      listed,
      waiting: waiting.map((row) => row.id),
      won,
      lost,
      running: running2.filter((row) => row.canvasId === canvas).map((row) => row.id),
      patched: { retrySuccessId: patched?.retrySuccessId, retryOf: patched?.retryOf },
      pruned: pruned >= 1,
      afterPrune: afterPrune === undefined,
    });
  } finally {
    await store.close();
  }
};

/**
 * Odoo down when the executions were saved; a new store on the same DATA_DIR delivers them
 * (looking first, since an earlier process may have reached Odoo), and a store that does not
 * know an execution is already in Odoo updates it instead of creating it twice.
 */
export const outboxRecovery: Scenario = async (ctx) => {
  const transfer = new OdooWorkflowTransfer(ctx.client);
  const workflow = manualToSetWorkflow(`rec-${ctx.stamp}-outbox`);
  const { canvasId } = await transfer.importWorkflow(workflow);
  const canvas = String(canvasId);
  const ids = [`rec-${ctx.stamp}-o1`, `rec-${ctx.stamp}-o2`];

  // Recorded on the `create` path, the fallback for an addon without `ingest_batch`.
  const offline = new OdooExecutionStore({ client: ctx.downClient, dataDir: ctx.dataDir, batchWindowMs: 1, bulkIngest: false });
  for (const id of ids) await offline.save(executionRecord(id, canvas, workflow, 'success'));
  const whileDown = await offline.flush();
  const readWhileDown = (await offline.get(ids[0] as string))?.status;
  await offline.close();

  const restarted = new OdooExecutionStore({ client: ctx.client, dataDir: ctx.dataDir, batchWindowMs: 1, bulkIngest: false });
  const afterRestart = await restarted.flush();
  const delivered = await restarted.list({ canvasId: canvas, limit: 10, offset: 0 });
  await restarted.close();

  const forgetful = new OdooExecutionStore({
    client: ctx.client,
    dataDir: `${ctx.dataDir}-other`,
    batchWindowMs: 1,
    retryInitialMs: 1,
    bulkIngest: false,
  });
  await forgetful.save(executionRecord(ids[0] as string, canvas, workflow, 'success', { errorMessage: 'second try' }));
  const duplicateAttempt = await forgetful.flush();
  const resolved = await forgetful.flush();
  const after = await forgetful.list({ canvasId: canvas, limit: 10, offset: 0 });
  await forgetful.close();
  return plain({
    whileDown: { pending: whileDown.pending, odooReachable: whileDown.odooReachable },
    readWhileDown,
    afterRestart,
    delivered: { total: delivered.total, ids: delivered.rows.map((row) => row.id).sort() },
    duplicateAttempt: { pending: duplicateAttempt.pending },
    resolved,
    after: { total: after.total, errorMessages: after.rows.map((row) => row.errorMessage ?? null) },
  });
};

/**
 * Executions through the addon's `ingest_batch`: one probe, one call for a batch (a reference
 * inside the batch linked afterwards), a later save as a write, and a store that does not know
 * an execution is in Odoo already: the batch answers its id (created: false) and it is updated.
 */
export const bulkIngestion: Scenario = async (ctx) => {
  const transfer = new OdooWorkflowTransfer(ctx.client);
  const workflow = manualToSetWorkflow(`rec-${ctx.stamp}-bulk`);
  const { canvasId } = await transfer.importWorkflow(workflow);
  const canvas = String(canvasId);
  const workflows = new OdooWorkflowStore({ client: ctx.client, revalidateAfterMs: 60_000, now: ctx.now });
  const nodeRefs = (id: string) => workflows.nodeRefs(id);
  const ids = [`rec-${ctx.stamp}-b1`, `rec-${ctx.stamp}-b2`, `rec-${ctx.stamp}-b3`];
  const [first, second, third] = ids as [string, string, string];
  const store = new OdooExecutionStore({ client: ctx.client, dataDir: ctx.dataDir, nodeRefs, batchWindowMs: 1000 });
  try {
    await store.save(executionRecord(first, canvas, workflow, 'success'));
    await store.save(executionRecord(second, canvas, workflow, 'running'));
    await store.save(executionRecord(third, canvas, workflow, 'success', { retryOf: first }));
    const afterBatch = await store.flush();
    await store.save(executionRecord(second, canvas, workflow, 'success'));
    const afterUpdate = await store.flush();
    const calls = ctx.client.stats.snapshot();
    const readBack = await store.get(second);
    const retried = await store.get(third);

    const forgetful = new OdooExecutionStore({ client: ctx.client, dataDir: `${ctx.dataDir}-other`, nodeRefs, batchWindowMs: 1 });
    await forgetful.save(executionRecord(first, canvas, workflow, 'success', { errorMessage: 'second try' }));
    const resent = await forgetful.flush();
    const listed = await forgetful.list({ canvasId: canvas, limit: 10, offset: 0 });
    await forgetful.close();
    return plain({
      afterBatch,
      afterUpdate,
      ingestCalls: calls['executions.ingest_batch'],
      createCalls: calls['executions.create'] ?? 0,
      updateCalls: calls['executions.update_batch'] ?? 0,
      writeCalls: calls['executions.write'] ?? 0,
      readBack: { status: readBack?.status, logs: readBack?.logs.map((log) => log.nodeName) },
      retryOf: retried?.retryOf,
      resent,
      listed: {
        total: listed.total,
        rows: listed.rows.map((row) => [row.id, row.status, row.errorMessage ?? null]).sort(),
      },
    });
  } finally {
    await store.close();
  }
};

export const SCENARIOS: Record<string, Scenario> = {
  workflowLifecycle,
  executionLifecycle,
  outboxRecovery,
  bulkIngestion,
  credentialStore,
  credentialLinks,
};
