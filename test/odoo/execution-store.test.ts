import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import { createOdooClient, type OdooClient } from '../../src/odoo/client';
import { OdooExecutionStore, type OdooExecutionStoreOptions } from '../../src/store/odoo/execution-store';
import { executionRecord, manualToSetWorkflow, nodeLog } from './helpers/records';
import { errorBody, type KwCall, mockCallKw, mockLogin, recordedErrorBody, resultBody } from './helpers/odoo-mock';
import { REPLAY_URL } from './helpers/replay';

const workflow = manualToSetWorkflow('wf-unit');
let dataDir: string;
let stores: OdooExecutionStore[] = [];

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-exec-store-'));
  mockLogin();
});
afterEach(async () => {
  for (const store of stores) await store.close().catch(() => undefined);
  stores = [];
  nock.cleanAll();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterAll(() => nock.enableNetConnect());

function client(): OdooClient {
  return createOdooClient({ url: REPLAY_URL, db: 'automator', user: 'sidecar', password: 'pw', retries: 0 });
}

function openStore(options: Partial<OdooExecutionStoreOptions> = {}): OdooExecutionStore {
  const store = new OdooExecutionStore({
    client: client(),
    dataDir,
    batchWindowMs: 5,
    retryInitialMs: 10_000,
    // The `create` path (an addon without ingest_batch); bulk ingestion has its own tests below.
    bulkIngest: false,
    nodeRefs: async () =>
      new Map([
        ['Manual Trigger', { odooId: 101, nodeId: 'wf-unit-trigger' }],
        ['Set Node', { odooId: 102, nodeId: 'wf-unit-set' }],
      ]),
    ...options,
  });
  stores.push(store);
  return store;
}

/** Answers creates with consecutive ids from `first`. */
function createsFrom(first: number): (call: KwCall) => JsonObject {
  let next = first;
  return (call) => resultBody((call.args[0] as JsonValue[]).map(() => next++));
}

function valsOf(call: KwCall | undefined): JsonObject[] {
  return (call?.args[0] as JsonObject[]) ?? [];
}

describe('OdooExecutionStore: grouped writes', () => {
  it('writes concurrent executions, each with all its logs, in one create', async () => {
    const creates = mockCallKw('executions', 'create', createsFrom(10));
    const store = openStore();
    await Promise.all(['e1', 'e2', 'e3'].map((id) => store.save(executionRecord(id, '5', workflow, 'success'))));
    await store.flush();
    expect(creates).toHaveLength(1);
    expect(valsOf(creates[0]).map((vals) => vals.execution_id)).toEqual(['e1', 'e2', 'e3']);
    const first = valsOf(creates[0])[0] as JsonObject;
    expect(first).toMatchObject({
      canvas_id: 5,
      mode: 'manual',
      status: 'success',
      finished: true,
      started_at: '2026-01-02 10:00:00',
      stopped_at: '2026-01-02 10:00:02',
      duration: 2.5,
      last_node_executed: 'Set Node',
    });
    // Empty values are left out of creates: Odoo's defaults are empty too, and each field costs.
    expect(Object.keys(first).filter((key) => ['error_node', 'retry_of', 'wait_till', 'request_id'].includes(key))).toEqual([]);
    expect(first.execution_log_ids).toEqual([
      [
        0,
        0,
        {
          node_id: 101,
          node_name: 'Manual Trigger',
          sequence: 0,
          run_index: 0,
          started_at: '2026-01-02 10:00:00',
          finished_at: '2026-01-02 10:00:00',
          duration: 250,
          status: 'success',
          input_data: '[{"json":{}}]',
          output_data: '[[{"json":{"test":"value"}}]]',
        },
      ],
      [0, 0, expect.objectContaining({ node_id: 102, node_name: 'Set Node', sequence: 1, started_at: '2026-01-02 10:00:01' })],
    ]);
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });

  it('sends running then success, saved within the batch window, as one create of the final state', async () => {
    const creates = mockCallKw('executions', 'create', createsFrom(10));
    const store = openStore({ batchWindowMs: 50 });
    await store.save(executionRecord('e1', '5', workflow, 'running'));
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    await store.flush();
    expect(creates).toHaveLength(1);
    expect(valsOf(creates[0])).toHaveLength(1);
    expect(valsOf(creates[0])[0]).toMatchObject({ execution_id: 'e1', status: 'success' });
  });

  it('puts at most maxBatch executions in one call', async () => {
    const creates = mockCallKw('executions', 'create', createsFrom(1));
    const store = openStore({ maxBatch: 4 });
    for (let i = 0; i < 10; i += 1) await store.save(executionRecord(`e${i}`, '5', workflow, 'success'));
    await store.flush();
    expect(creates.map((call) => valsOf(call).length)).toEqual([4, 4, 2]);
  });

  it('updates an execution it created: status fields, and only the new logs', async () => {
    mockCallKw('executions', 'create', createsFrom(40));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore();
    const running = executionRecord('e1', '5', workflow, 'running', { logs: [nodeLog('Manual Trigger', 0)] });
    await store.save(running);
    await store.flush();
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    await store.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.args[0]).toEqual([40]);
    const vals = writes[0]?.args[1] as JsonObject;
    expect(vals).toMatchObject({ status: 'success', finished: true, stopped_at: '2026-01-02 10:00:02' });
    expect(vals.execution_log_ids).toEqual([[0, 0, expect.objectContaining({ node_name: 'Set Node', sequence: 1 })]]);
  });

  it('rewrites all logs when an earlier one changed', async () => {
    mockCallKw('executions', 'create', createsFrom(40));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore();
    const waitingLog = { ...nodeLog('Set Node', 1), status: 'waiting' as const, finishedAt: undefined };
    await store.save(executionRecord('e1', '5', workflow, 'running', { status: 'waiting', logs: [nodeLog('Manual Trigger', 0), waitingLog] }));
    await store.flush();
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    await store.flush();
    const commands = (writes[0]?.args[1] as JsonObject).execution_log_ids as JsonValue[];
    expect(commands[0]).toEqual([5, 0, 0]);
    expect(commands).toHaveLength(3);
  });

  it('links an execution to another created in the same call once both exist', async () => {
    const creates = mockCallKw('executions', 'create', createsFrom(60));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore();
    await store.save(executionRecord('parent', '5', workflow, 'running'));
    await store.save(executionRecord('child', '5', workflow, 'success', { parentExecutionId: 'parent', mode: 'integrated' }));
    await store.flush();
    expect(valsOf(creates[0])[1]).toMatchObject({ execution_id: 'child', mode: 'integrated' });
    expect(valsOf(creates[0])[1]).not.toHaveProperty('parent_execution_id');
    expect(writes.map((call) => call.args)).toEqual([[[61], { parent_execution_id: 60 }]]);
  });

  it('looks up references to executions Odoo already has', async () => {
    const lookups = mockCallKw('executions', 'search_read', () => resultBody([{ id: 7, execution_id: 'old' }]));
    const creates = mockCallKw('executions', 'create', createsFrom(8));
    const store = openStore();
    await store.save(executionRecord('retry', '5', workflow, 'success', { mode: 'retry', retryOf: 'old' }));
    await store.flush();
    expect(lookups[0]?.args).toEqual([[['execution_id', 'in', ['old']]]]);
    expect(valsOf(creates[0])[0]).toMatchObject({ mode: 'retry', retry_of: 7 });
  });

  it('leaves node_id empty for a log whose node is not the canvas node of that name', async () => {
    const creates = mockCallKw('executions', 'create', createsFrom(1));
    const store = openStore();
    const log = { ...nodeLog('Set Node', 0), nodeId: 'inline-sub-workflow-node' };
    await store.save(executionRecord('e1', '5', workflow, 'success', { logs: [log] }));
    await store.flush();
    const sent = (valsOf(creates[0])[0]?.execution_log_ids as JsonValue[][])[0]?.[2];
    expect(sent).toMatchObject({ node_name: 'Set Node' });
    expect(sent).not.toHaveProperty('node_id');
  });
});

/** Answers ingest_batch like the addon: new ids from `first`, known execution_ids with their id. */
function ingestsFrom(first: number, known: Record<string, number> = {}): (call: KwCall) => JsonObject {
  let next = first;
  return (call) =>
    resultBody(
      valsOf(call).map((vals) => {
        const executionId = vals.execution_id as string;
        if (known[executionId] !== undefined) return { id: known[executionId] as number, created: false };
        known[executionId] = next;
        return { id: next++, created: true };
      }),
    );
}

describe('OdooExecutionStore: bulk ingestion', () => {
  it('probes once, then sends each batch, logs included, in one ingest_batch call', async () => {
    const ingests = mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const creates = mockCallKw('executions', 'create', createsFrom(900));
    const store = openStore({ bulkIngest: undefined });
    await Promise.all(['e1', 'e2'].map((id) => store.save(executionRecord(id, '5', workflow, 'success'))));
    await store.flush();
    await store.save(executionRecord('e3', '5', workflow, 'success'));
    await store.flush();
    expect(ingests.map((call) => valsOf(call).map((vals) => vals.execution_id))).toEqual([[], ['e1', 'e2'], ['e3']]);
    expect(creates).toEqual([]);
    expect(valsOf(ingests[1])[0]).toMatchObject({ canvas_id: 5, status: 'success', duration: 2.5 });
    expect((valsOf(ingests[1])[0] as JsonObject).execution_log_ids).toEqual([
      [0, 0, expect.objectContaining({ node_id: 101, node_name: 'Manual Trigger', duration: 250 })],
      [0, 0, expect.objectContaining({ node_id: 102, node_name: 'Set Node' })],
    ]);
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });

  it('writes the newest state of an execution Odoo already had (created: false)', async () => {
    const ingests = mockCallKw('executions', 'ingest_batch', ingestsFrom(10, { e1: 7 }));
    const updates = mockCallKw('executions', 'update_batch', () => resultBody(true));
    const store = openStore({ bulkIngest: undefined });
    await store.save(executionRecord('e1', '5', workflow, 'success', { errorMessage: 'second try' }));
    await store.save(executionRecord('e2', '5', workflow, 'success'));
    await store.flush();
    expect(valsOf(ingests[1]).map((vals) => vals.execution_id)).toEqual(['e1', 'e2']);
    expect(updates.map((call) => call.args[0])).toEqual([[], [[7, expect.objectContaining({ execution_id: 'e1', error_message: 'second try' })]]]);
    // Logs replaced, not appended: what Odoo holds came from another attempt.
    const [, values] = (updates[1]?.args[0] as Array<[number, JsonObject]>)[0] as [number, JsonObject];
    expect((values.execution_log_ids as JsonValue[])[0]).toEqual([5, 0, 0]);
    expect(store.status().pending).toBe(0);
  });

  it('sends the state changes of many executions Odoo has in one update_batch, only their new logs', async () => {
    mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const updates = mockCallKw('executions', 'update_batch', () => resultBody(true));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore({ bulkIngest: undefined });
    const ids = ['e1', 'e2', 'e3'];
    for (const id of ids) await store.save(executionRecord(id, '5', workflow, 'running', { logs: [nodeLog('Manual Trigger', 0)] }));
    await store.flush();
    for (const id of ids) await store.save(executionRecord(id, '5', workflow, 'success'));
    await store.flush();
    expect(writes).toEqual([]);
    const sent = updates[1]?.args[0] as Array<[number, JsonObject]>;
    expect(sent.map(([id, values]) => [id, values.status, values.finished])).toEqual([
      [10, 'success', true],
      [11, 'success', true],
      [12, 'success', true],
    ]);
    // The trigger's run is in Odoo already: only the Set node's run is added.
    expect((sent[0] as [number, JsonObject])[1].execution_log_ids).toEqual([[0, 0, expect.objectContaining({ node_name: 'Set Node', sequence: 1 })]]);
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });

  it('writes a save and a patch of the same execution in two update_batch calls, in order', async () => {
    mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const updates = mockCallKw('executions', 'update_batch', () => resultBody(true));
    const store = openStore({ bulkIngest: undefined, batchWindowMs: 1000 });
    await store.save(executionRecord('e1', '5', workflow, 'running'));
    await store.save(executionRecord('e2', '5', workflow, 'running'));
    await store.flush();
    await store.patch('e1', { status: 'cancelled', finished: true });
    await store.save(executionRecord('e1', '5', workflow, 'running', { errorMessage: 'late' }));
    await store.save(executionRecord('e2', '5', workflow, 'success'));
    await store.flush();
    const rounds = updates.slice(1).map((call) => (call.args[0] as Array<[number, JsonObject]>).map(([id]) => id));
    expect(rounds).toEqual([[10, 11], [10]]);
  });

  it('falls back to one write per execution when the addon has no update_batch', async () => {
    mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const missing = errorBody('builtins.AttributeError', "The method 'executions.update_batch' does not exist");
    const updates = mockCallKw('executions', 'update_batch', () => missing);
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore({ bulkIngest: undefined });
    await store.save(executionRecord('e1', '5', workflow, 'running'));
    await store.save(executionRecord('e2', '5', workflow, 'running'));
    await store.flush();
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    await store.save(executionRecord('e2', '5', workflow, 'success'));
    await store.flush();
    await store.save(executionRecord('e3', '5', workflow, 'running'));
    await store.flush();
    await store.save(executionRecord('e3', '5', workflow, 'success'));
    await store.flush();
    expect(updates).toHaveLength(1);
    expect(writes.map((call) => call.args[0])).toEqual([[10], [11], [12]]);
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });

  it('isolates an update Odoo refuses: the others are written, that one is a dead letter', async () => {
    mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const updates = mockCallKw('executions', 'update_batch', (call) =>
      (call.args[0] as JsonValue[]).length > 0 ? recordedErrorBody('validationError') : resultBody(true),
    );
    const writes = mockCallKw('executions', 'write', (call) =>
      (call.args[0] as number[])[0] === 11 ? recordedErrorBody('validationError') : resultBody(true),
    );
    const rejected: string[] = [];
    const store = openStore({ bulkIngest: undefined, onRejected: (id) => rejected.push(id) });
    for (const id of ['e1', 'e2', 'e3']) await store.save(executionRecord(id, '5', workflow, 'running'));
    await store.flush();
    for (const id of ['e1', 'e2', 'e3']) await store.save(executionRecord(id, '5', workflow, 'success'));
    const status = await store.flush();
    expect(updates).toHaveLength(2);
    expect(writes.map((call) => call.args[0])).toEqual([[10], [11], [12]]);
    expect(rejected).toEqual(['e2']);
    expect(status).toEqual({ pending: 0, deadLetters: 1, odooReachable: true });
  });

  it('falls back to create, for good, when the addon has no ingest_batch', async () => {
    const missing = errorBody('builtins.AttributeError', "The method 'executions.ingest_batch' does not exist");
    const ingests = mockCallKw('executions', 'ingest_batch', () => missing);
    const creates = mockCallKw('executions', 'create', createsFrom(10));
    const store = openStore({ bulkIngest: undefined });
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    await store.flush();
    await store.save(executionRecord('e2', '5', workflow, 'success'));
    await store.flush();
    expect(ingests).toHaveLength(1);
    expect(creates.map((call) => valsOf(call).map((vals) => vals.execution_id))).toEqual([['e1'], ['e2']]);
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });

  it('keeps the batch and asks again later when the probe cannot reach Odoo', async () => {
    const store = openStore({ bulkIngest: undefined });
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    nock(REPLAY_URL).post('/web/dataset/call_kw/executions/ingest_batch').replyWithError({ code: 'ECONNREFUSED', message: 'refused' });
    const down = await store.flush();
    expect(down).toMatchObject({ pending: 1, odooReachable: false });
    const ingests = mockCallKw('executions', 'ingest_batch', ingestsFrom(10));
    const up = await store.flush();
    expect(up).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
    expect(ingests.map((call) => valsOf(call).map((vals) => vals.execution_id))).toEqual([[], ['e1']]);
  });
});

/**
 * ingest_batch answered only when the test opens the gate: batches pile up in flight, and the
 * test sees what each lane sent while the others wait.
 */
function gatedIngest(): { calls: KwCall[]; inFlight: () => number; arrived: (count: number) => Promise<void>; open: () => void } {
  const calls: KwCall[] = [];
  const answer = ingestsFrom(10);
  let waiting = 0;
  let opened = false;
  const releases: Array<() => void> = [];
  const watchers: Array<() => void> = [];
  nock(REPLAY_URL)
    .persist()
    .post('/web/dataset/call_kw/executions/ingest_batch')
    .reply(async (_uri, body) => {
      const params = (body as { params: KwCall }).params;
      calls.push(params);
      if ((params.args[0] as JsonValue[]).length > 0 && !opened) {
        waiting += 1;
        watchers.splice(0).forEach((watch) => watch());
        await new Promise<void>((resolve) => releases.push(resolve));
        waiting -= 1;
      }
      return [200, answer(params)];
    });
  return {
    calls,
    inFlight: () => waiting,
    arrived: async (count) => {
      while (calls.filter((call) => (call.args[0] as JsonValue[]).length > 0).length < count) {
        await new Promise<void>((resolve) => watchers.push(resolve));
      }
    },
    open: () => {
      opened = true;
      releases.splice(0).forEach((release) => release());
    },
  };
}

describe('OdooExecutionStore: batches in flight at once', () => {
  it('keeps up to `concurrency` batches in flight, on disjoint executions, and delivers them all', async () => {
    const ingest = gatedIngest();
    const store = openStore({ bulkIngest: undefined, maxBatch: 2, concurrency: 2 });
    for (const id of ['e1', 'e2', 'e3', 'e4', 'e5']) await store.save(executionRecord(id, '5', workflow, 'success'));
    await ingest.arrived(2);
    expect(ingest.inFlight()).toBe(2);
    const sent = ingest.calls.slice(1).map((call) => valsOf(call).map((vals) => vals.execution_id));
    expect(sent).toEqual([
      ['e1', 'e2'],
      ['e3', 'e4'],
    ]);
    ingest.open();
    expect(await store.flush()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
    expect(ingest.calls.slice(1).flatMap((call) => valsOf(call).map((vals) => vals.execution_id)).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('never sends an execution whose batch is in flight, nor one pointing at it, until that batch is answered', async () => {
    const ingest = gatedIngest();
    const updates = mockCallKw('executions', 'update_batch', () => resultBody(true));
    const store = openStore({ bulkIngest: undefined, concurrency: 2, batchWindowMs: 1 });
    await store.save(executionRecord('parent', '5', workflow, 'running'));
    await ingest.arrived(1);
    await store.save(executionRecord('parent', '5', workflow, 'success'));
    await store.save(executionRecord('child', '5', workflow, 'success', { parentExecutionId: 'parent' }));
    await store.save(executionRecord('other', '5', workflow, 'success'));
    await ingest.arrived(2);
    expect(ingest.calls.slice(1).map((call) => valsOf(call).map((vals) => vals.execution_id))).toEqual([['parent'], ['other']]);
    ingest.open();
    await store.flush();
    // Once the parent's id is known: its new state as an update, the child with its link.
    expect(updates.slice(1).map((call) => (call.args[0] as Array<[number, JsonObject]>).map(([id, values]) => [id, values.status]))).toEqual([
      [[10, 'success']],
    ]);
    const childCall = ingest.calls.find((call) => valsOf(call).some((vals) => vals.execution_id === 'child'));
    expect(valsOf(childCall).find((vals) => vals.execution_id === 'child')).toMatchObject({ parent_execution_id: 10 });
    expect(store.status()).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
  });
});

describe('OdooExecutionStore: Odoo refusing a record', () => {
  it('refuses at once an execution whose canvas is not an Odoo record id', async () => {
    await expect(openStore().save(executionRecord('e1', 'wf-unit', workflow, 'running'))).rejects.toThrow(
      'Execution e1: canvasId "wf-unit" is not an Odoo canvas record id',
    );
  });

  it('isolates the record Odoo refuses, keeps it as a dead letter and delivers the others', async () => {
    const rejected: string[] = [];
    const creates = mockCallKw('executions', 'create', (call) => {
      const vals = call.args[0] as JsonObject[];
      if (vals.some((one) => one.canvas_id === 999)) return recordedErrorBody('validationError');
      return resultBody(vals.map((_one, index) => 20 + index));
    });
    const store = openStore({ onRejected: (id) => rejected.push(id) });
    await store.save(executionRecord('good-1', '5', workflow, 'success'));
    await store.save(executionRecord('bad', '999', workflow, 'success'));
    await store.save(executionRecord('good-2', '5', workflow, 'success'));
    const status = await store.flush();
    expect(creates.map((call) => valsOf(call).map((vals) => vals.execution_id))).toEqual([
      ['good-1', 'bad', 'good-2'],
      ['good-1'],
      ['bad'],
      ['good-2'],
    ]);
    expect(rejected).toEqual(['bad']);
    expect(status).toEqual({ pending: 0, deadLetters: 1, odooReachable: true });
  });
});

describe('OdooExecutionStore: outbox when Odoo is down', () => {
  it('accepts while Odoo refuses connections, then delivers once it is back, exactly once', async () => {
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const creates = mockCallKw('executions', 'create', createsFrom(70));
    const store = openStore();
    await expect(store.save(executionRecord('e1', '5', workflow, 'success'))).resolves.toBeUndefined();
    const down = await store.flush();
    expect(down).toMatchObject({ pending: 1, odooReachable: false });
    expect(down.lastError).toBe('Cannot reach Odoo at http://odoo.replay.test:8069 (ECONNREFUSED) on executions.create');
    expect((await store.get('e1'))?.status).toBe('success');
    const back = await store.flush();
    expect(back).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
    expect(creates).toHaveLength(1);
    expect(valsOf(creates[0]).map((vals) => vals.execution_id)).toEqual(['e1']);
    await store.flush();
    expect(creates).toHaveLength(1);
  });

  it('a new store on the same DATA_DIR delivers what an earlier one left, looking first', async () => {
    nock(REPLAY_URL)
      .persist()
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const first = openStore();
    await first.save(executionRecord('left-1', '5', workflow, 'success'));
    await first.save(executionRecord('left-2', '5', workflow, 'running'));
    await first.flush();
    await first.close();
    nock.cleanAll();

    mockLogin();
    // The earlier process may have reached Odoo with left-1 before it stopped.
    const lookups = mockCallKw('executions', 'search_read', () => resultBody([{ id: 90, execution_id: 'left-1' }]));
    const creates = mockCallKw('executions', 'create', createsFrom(91));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const second = openStore();
    const status = await second.flush();
    expect(status).toEqual({ pending: 0, deadLetters: 0, odooReachable: true });
    expect(lookups[0]?.args).toEqual([[['execution_id', 'in', ['left-1', 'left-2']]]]);
    expect(valsOf(creates[0]).map((vals) => vals.execution_id)).toEqual(['left-2']);
    expect(writes.map((call) => call.args[0])).toEqual([[90]]);
  });

  it('after an ambiguous failure (reset) it looks the execution up instead of creating it twice', async () => {
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const lookups = mockCallKw('executions', 'search_read', () => resultBody([{ id: 55, execution_id: 'e1' }]));
    const creates = mockCallKw('executions', 'create', createsFrom(1));
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore();
    await store.save(executionRecord('e1', '5', workflow, 'success'));
    expect(await store.flush()).toMatchObject({ pending: 1, odooReachable: false });
    expect(await store.flush()).toMatchObject({ pending: 0, odooReachable: true });
    expect(lookups).toHaveLength(1);
    expect(creates).toHaveLength(0);
    expect(writes.map((call) => call.args[0])).toEqual([[55]]);
  });
});

describe('OdooExecutionStore: reads see what waits in the outbox', () => {
  const row = (id: string, odooId: number, status: string, startedAt: string): JsonObject => ({
    id: odooId,
    execution_id: id,
    canvas_id: { id: 5, workflow_id: 'wf-unit' },
    mode: 'manual',
    status,
    finished: status === 'success',
    started_at: startedAt,
    stopped_at: false,
    wait_till: false,
    resume_url: false,
    error_message: false,
    request_id: false,
    retry_of: false,
    retry_success_id: false,
    parent_execution_id: false,
  });

  it('lists Odoo rows with pending versions merged in, newest first, and counts new ones', async () => {
    nock(REPLAY_URL)
      .persist()
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNREFUSED', message: 'down' });
    const listCalls = mockCallKw('executions', 'web_search_read', () =>
      resultBody({ length: 2, records: [row('old-2', 2, 'success', '2026-01-01 09:00:00'), row('old-1', 1, 'success', '2026-01-01 08:00:00')] }),
    );
    const store = openStore();
    await store.save(executionRecord('new', '5', workflow, 'running'));
    const page = await store.list({ canvasId: '5', limit: 2, offset: 0 });
    expect(listCalls[0]?.args[0]).toEqual([['canvas_id', '=', 5]]);
    expect(listCalls[0]?.kwargs).toEqual({ limit: 2, order: 'started_at desc, id desc' });
    expect(page.total).toBe(3);
    expect(page.rows.map((summary) => [summary.id, summary.status])).toEqual([
      ['new', 'running'],
      ['old-2', 'success'],
    ]);
  });

  it('transition: only the first caller wins, and the change is written as a patch', async () => {
    const reads = mockCallKw('executions', 'search_read', (call) =>
      resultBody(call.kwargs.fields ? [{ id: 3, status: 'waiting', execution_id: 'w1' }] : []),
    );
    const writes = mockCallKw('executions', 'write', () => resultBody(true));
    const store = openStore();
    const results = await Promise.all([
      store.transition('w1', 'waiting', 'running'),
      store.transition('w1', 'waiting', 'running'),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.transition('w1', 'running', 'success')).toBe(true);
    await store.flush();
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(writes.map((call) => call.args)).toEqual([[[3], { status: 'success' }]]);
  });

  it('refuses a transition from a status the execution is not in', async () => {
    mockCallKw('executions', 'search_read', () => resultBody([{ id: 3, status: 'success' }]));
    await expect(openStore().transition('w1', 'waiting', 'running')).resolves.toBe(false);
  });

  it('a transient read failure reaches the caller (the store does not guess)', async () => {
    mockCallKw('executions', 'search_read', () =>
      errorBody('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update'),
    );
    await expect(openStore().transition('w1', 'waiting', 'running')).rejects.toThrow(
      'Odoo server error on executions.search_read: could not serialize access due to concurrent update',
    );
  });
});
