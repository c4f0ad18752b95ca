import { UnavailableError } from '../../../src/errors';
import { GuardedExecutionStore, UnsavedExecutionError } from '../../../src/executions/guarded-store';
import { isStoreCondition } from '../../../src/executions/store-health';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite';
import type { ExecutionRecord, ExecutionStore } from '../../../src/store/types';
import { executionRecord, manualToSetWorkflow } from '../../odoo/helpers/records';
import { createHarness, recordingLogger, runCounts, workflowJson, type Harness } from './service-fixture';

/** SQLite's own error shape (better-sqlite3 puts SQLite's code on `code`). */
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });
const DISK_FULL = () => sqliteError('SQLITE_FULL', 'database or disk is full');

/** A real SQLite store whose writes fail while `failing` says so. */
function faultyStore(sqlite: SqliteStore, state: { failing?: () => Error }): ExecutionStore {
  const inner = sqlite.executions;
  const failIfAsked = () => {
    if (state.failing) throw state.failing();
  };
  return Object.assign(Object.create(inner) as ExecutionStore, {
    save: async (record: ExecutionRecord) => {
      failIfAsked();
      return inner.save(record);
    },
    patch: async (id: string, fields: Partial<ExecutionRecord>) => {
      failIfAsked();
      return inner.patch(id, fields);
    },
    transition: inner.transition.bind(inner),
    get: inner.get.bind(inner),
    list: inner.list.bind(inner),
    findByRequestId: inner.findByRequestId.bind(inner),
    listWaiting: inner.listWaiting.bind(inner),
    listByStatus: inner.listByStatus.bind(inner),
    prune: inner.prune.bind(inner),
    close: inner.close.bind(inner),
  });
}

const workflow = manualToSetWorkflow('wf');
const record = (id: string, extra: Partial<ExecutionRecord> = {}) => executionRecord(id, 'wf', workflow, 'success', extra);

describe('store conditions', () => {
  it.each(['SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN', 'ENOSPC', 'EIO', 'EROFS'])('treats %s as a passing condition', (code) => {
    expect(isStoreCondition(sqliteError(code, 'x'))).toBe(true);
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_FULLX', undefined])('does not hide %s behind "try again"', (code) => {
    expect(isStoreCondition(code === undefined ? new Error('x') : sqliteError(code, 'x'))).toBe(false);
  });
});

describe('GuardedExecutionStore', () => {
  let sqlite: SqliteStore;
  const state: { failing?: () => Error } = {};
  let guarded: GuardedExecutionStore;
  let probes = 0;

  beforeEach(() => {
    sqlite = openSqliteStore({ file: ':memory:' });
    state.failing = undefined;
    probes = 0;
    guarded = new GuardedExecutionStore(faultyStore(sqlite, state), {
      logger: recordingLogger().logger,
      maxUnsaved: 3,
      probeFirstMs: 60_000,
      probeWrite: async () => {
        probes += 1;
        if (state.failing) throw state.failing();
      },
    });
  });
  afterEach(async () => {
    guarded.health.stop();
    await sqlite.close();
  });

  it('keeps a save the store cannot take, says why, and refuses production work with 503 + Retry-After', async () => {
    state.failing = DISK_FULL;
    await guarded.save(record('e1', { requestId: 'key-1' }));
    expect(guarded.health.writable).toBe(false);
    expect(guarded.unsavedCount).toBe(1);
    expect(guarded.health.problem).toMatch(/^The execution store cannot write since .*Z: database or disk is full$/);
    let refusal: unknown;
    try {
      guarded.health.assertWritable();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnavailableError);
    expect((refusal as UnavailableError).retryAfterSeconds).toBe(5);
    // Reads see what waits in memory: the API and the webhook's lastNode answer still find it.
    expect((await guarded.get('e1'))?.status).toBe('success');
    expect((await guarded.findByRequestId('key-1'))?.id).toBe('e1');
    expect((await guarded.list({ limit: 10, offset: 0 })).rows.map((row) => row.id)).toEqual(['e1']);
    expect(await sqlite.executions.get('e1')).toBeUndefined();
  });

  it('writes what waits, oldest first and newest version, once a probe write succeeds', async () => {
    state.failing = DISK_FULL;
    await guarded.save(record('e1'));
    await guarded.save(record('e2', { status: 'running', finished: false }));
    await guarded.save(record('e2', { status: 'success', finished: true }));
    await guarded.patch('e1', { retrySuccessId: 'e9' });
    expect(await guarded.health.probeNow()).toBe(false);
    state.failing = undefined;
    expect(await guarded.health.probeNow()).toBe(true);
    expect(guarded.health.writable).toBe(true);
    expect(guarded.unsavedCount).toBe(0);
    expect((await sqlite.executions.get('e2'))?.status).toBe('success');
    expect((await sqlite.executions.get('e1'))?.retrySuccessId).toBe('e9');
    expect(probes).toBe(0);
  });

  it('probes with a real write when nothing waits, and any later write ends the condition', async () => {
    state.failing = () => sqliteError('SQLITE_BUSY', 'database is locked');
    await expect(guarded.patch('nope', { errorMessage: 'x' })).rejects.toThrow('The execution store is unavailable: database is locked');
    expect(guarded.health.writable).toBe(false);
    expect(await guarded.health.probeNow()).toBe(false);
    expect(probes).toBe(1);
    state.failing = undefined;
    expect(await guarded.health.probeNow()).toBe(true);
    expect(probes).toBe(2);
  });

  it('fails a save loudly once memory is full too, and passes other errors through unchanged', async () => {
    state.failing = DISK_FULL;
    for (const id of ['e1', 'e2', 'e3']) await guarded.save(record(id));
    await expect(guarded.save(record('e4'))).rejects.toBeInstanceOf(UnsavedExecutionError);
    await expect(guarded.save(record('e4'))).rejects.toThrow('Execution e4 could not be saved');
    state.failing = () => new Error('a bug');
    const fresh = new GuardedExecutionStore(faultyStore(sqlite, state), { logger: recordingLogger().logger });
    await expect(fresh.save(record('e5'))).rejects.toThrow('a bug');
    expect(fresh.health.writable).toBe(true);
  });
});

describe('ExecutionService when the store fails', () => {
  let harness: Harness;
  const state: { failing?: () => Error } = {};
  afterEach(async () => {
    state.failing = undefined;
    await harness.close();
  });

  it('resolves done (never rejects) with the run reported as crashed when its end cannot be saved', async () => {
    harness = createHarness({
      workflows: [workflowJson('plain', [['Start', 'n8n-nodes-base.manualTrigger']], [])],
      wrapExecutions: (store) => Object.assign(Object.create(store) as ExecutionStore, { save: async () => Promise.reject(new Error('constraint failed')) }),
    });
    const started = await harness.service.start({ workflowId: 'plain', mode: 'manual' });
    const summary = await started.done;
    expect(summary).toMatchObject({ id: started.executionId, status: 'crashed', finished: false });
    expect(summary.errorMessage).toBe('The execution ran (status success) but could not be saved: constraint failed');
    expect(harness.logLines().some((line) => line.message === 'execution ended but its result could not be saved' && line.executionId === started.executionId)).toBe(true);
  });

  it('resolves done even when the bookkeeping after the save throws', async () => {
    harness = createHarness({ workflows: [workflowJson('plain', [['Start', 'n8n-nodes-base.manualTrigger']], [])] });
    const service = harness.service as unknown as { options: { onFinished?: () => void } };
    let calls = 0;
    service.options.onFinished = () => {
      calls += 1;
      if (calls === 1) throw new Error('metrics exploded');
    };
    const started = await harness.service.start({ workflowId: 'plain', mode: 'manual' });
    const summary = await started.done;
    expect(summary).toMatchObject({ id: started.executionId, status: 'success' });
    expect((await harness.executions.get(started.executionId))?.status).toBe('success');
    expect(harness.logLines()).toContainEqual(expect.objectContaining({ message: 'execution ended and was saved, but what follows its end failed', error: 'metrics exploded' }));
  });

  it('refuses production runs before doing anything while admission says no', async () => {
    harness = createHarness({ workflows: [workflowJson('counted', [['Start', 'n8n-nodes-base.manualTrigger'], ['Count', 'test.count', { key: 'refused' }]], [['Start', 'Count']])] });
    const service = harness.service as unknown as { options: { admitProduction?: () => void } };
    service.options.admitProduction = () => {
      throw new UnavailableError('The execution store cannot write since then: disk full; try again later', 5);
    };
    await expect(harness.service.start({ workflowId: 'counted', mode: 'production' })).rejects.toThrow('The execution store cannot write');
    await (await harness.service.start({ workflowId: 'counted', mode: 'manual' })).done;
    expect(runCounts.get('refused')).toBe(1);
  });
});
