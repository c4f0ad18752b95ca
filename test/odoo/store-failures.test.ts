import nock from 'nock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GuardedExecutionStore } from '../../src/executions/guarded-store';
import { createOdooClient } from '../../src/odoo/client';
import { OdooExecutionStore } from '../../src/store/odoo/execution-store';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import { mountSmallDisk } from '../integration/reliability/small-disk';
import { createHarness, recordingLogger, runCounts, workflowJson, type Harness } from '../unit/executions/service-fixture';
import { executionRecord, manualToSetWorkflow } from './helpers/records';
import { type KwCall, mockCallKw, mockLogin, resultBody } from './helpers/odoo-mock';
import { REPLAY_URL } from './helpers/replay';

/** Odoo mode through recorded Odoo 18 answers: idempotency and an unwritable outbox. */
const stores: OdooExecutionStore[] = [];
const dirs: string[] = [];

function openOdooStore(dataDir: string): OdooExecutionStore {
  const store = new OdooExecutionStore({
    client: createOdooClient({ url: REPLAY_URL, db: 'automator', user: 'sidecar', password: 'pw', retries: 0 }),
    dataDir,
    batchWindowMs: 5,
    retryInitialMs: 10_000,
    nodeRefs: async () => new Map(),
    // These scenarios count `create` calls: the path an Odoo without ingest_batch takes.
    bulkIngest: false,
  });
  stores.push(store);
  return store;
}

function createdIds(creates: KwCall[]): JsonValue[] {
  return creates.flatMap((call) => (call.args[0] as JsonObject[]).map((vals) => vals.execution_id));
}

function createsFrom(first: number): (call: KwCall) => JsonObject {
  let next = first;
  return (call) => resultBody((call.args[0] as JsonValue[]).map(() => next++));
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  mockLogin();
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('Odoo mode: Idempotency-Key under concurrency', () => {
  let harness: Harness;
  afterEach(async () => harness.close());

  it('20 concurrent starts with one key run once, answer alike, and Odoo gets one execution', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-idem-'));
    dirs.push(dataDir);
    const lookups = mockCallKw('executions', 'web_search_read', () => resultBody({ length: 0, records: [] }));
    const creates = mockCallKw('executions', 'create', createsFrom(100));
    const odoo = openOdooStore(dataDir);
    harness = createHarness({
      workflows: [workflowJson('5', [['Start', 'n8n-nodes-base.manualTrigger'], ['Count', 'test.count', { key: 'odoo-idem' }]], [['Start', 'Count']])],
      wrapExecutions: () => odoo,
    });
    runCounts.delete('odoo-idem');
    const started = await Promise.all(Array.from({ length: 20 }, () => harness.service.start({ workflowId: '5', mode: 'manual', requestId: 'odoo-button-7' })));
    const ids = new Set(started.map((one) => one.executionId));
    expect(ids.size).toBe(1);
    const summaries = await Promise.all(started.map((one) => one.done));
    expect(new Set(summaries.map((summary) => JSON.stringify(summary))).size).toBe(1);
    expect(summaries[0]).toMatchObject({ status: 'success', requestId: 'odoo-button-7' });
    expect(runCounts.get('odoo-idem')).toBe(1);
    // One look-up in Odoo for the key (the first call); the other 19 joined its claim.
    expect(lookups).toHaveLength(1);
    await odoo.flush();
    expect(createdIds(creates)).toEqual([...ids]);
  });
});

const { disk, reason } = mountSmallDisk(4);
if (reason) console.warn(`Odoo outbox disk-full test skipped: ${reason}`);
const describeWithDisk = disk ? describe : describe.skip;

describeWithDisk('Odoo mode: an outbox on a full disk', () => {
  afterAll(() => disk?.unmount());

  it('keeps accepted executions in memory while the outbox cannot write, then delivers them once it can', async () => {
    const small = disk!;
    const creates = mockCallKw('executions', 'create', createsFrom(200));
    const odoo = openOdooStore(small.dir);
    const guarded = new GuardedExecutionStore(odoo, { logger: recordingLogger().logger, probeFirstMs: 60_000, probeWrite: () => odoo.probeWrite() });
    const workflow = manualToSetWorkflow('wf');
    await guarded.save(executionRecord('before', '5', workflow, 'success'));
    small.fill();
    // Big enough that the outbox file must grow.
    const big = (id: string) => executionRecord(id, '5', workflow, 'success', { errorMessage: 'x'.repeat(200_000) });
    await guarded.save(big('during-1'));
    await guarded.save(big('during-2'));
    expect(guarded.health.writable).toBe(false);
    expect(guarded.health.problem).toMatch(/database or disk is full/);
    expect(guarded.unsavedCount).toBeGreaterThanOrEqual(1);
    expect(await guarded.health.probeNow()).toBe(false);
    expect((await guarded.get('during-2'))?.id).toBe('during-2');

    small.free();
    expect(await guarded.health.probeNow()).toBe(true);
    expect(guarded.unsavedCount).toBe(0);
    await odoo.flush();
    expect(createdIds(creates).sort()).toEqual(['before', 'during-1', 'during-2']);
    guarded.health.stop();
  });
});
