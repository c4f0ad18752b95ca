import { ConflictError, NotFoundError } from '../../../../src/errors';
import type { Database } from 'better-sqlite3';
import { openDatabase, SqliteExecutionStore } from '../../../../src/store/sqlite';
import type { StoredExecutionStatus } from '../../../../src/store/types';
import { executionRecord, logRecord } from './execution-fixtures';

const minute = (n: number) => new Date(Date.UTC(2025, 4, 1, 10, n, 0));

describe('SqliteExecutionStore save and get', () => {
  let store: TestStore;
  beforeEach(() => {
    store = openTestStore();
  });
  afterEach(() => store.close());

  it('returns what was saved, dates as Date, optional fields absent', async () => {
    const record = executionRecord('exec-1', {
      logs: [logRecord(2), logRecord(1, { nodeId: undefined, finishedAt: undefined, status: 'error', errorMessage: 'boom' })],
    });
    await store.executions.save(record);
    const loaded = await store.executions.get('exec-1');
    expect(loaded).toStrictEqual({
      ...record,
      logs: [
        {
          nodeName: 'Node 1',
          runIndex: 0,
          sequence: 1,
          startedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 0, 10)),
          status: 'error',
          inputItems: [{ json: { index: 1 } }],
          outputItems: [[{ json: { index: 1, done: true }, pairedItem: { item: 0 } }]],
          errorMessage: 'boom',
        },
        logRecord(2),
      ],
    });
    expect(loaded?.startedAt).toBeInstanceOf(Date);
  });

  it('answers undefined for an unknown execution', async () => {
    expect(await store.executions.get('nope')).toBeUndefined();
  });

  it('upserts: a second save replaces the fields and all the logs', async () => {
    await store.executions.save(executionRecord('exec-1', { status: 'running', finished: false, stoppedAt: undefined, logs: [logRecord(1)] }));
    const finished = executionRecord('exec-1', { logs: [logRecord(1), logRecord(2), logRecord(3)], errorMessage: 'x' });
    await store.executions.save(finished);
    expect(await store.executions.get('exec-1')).toStrictEqual(finished);
    const db = store.db;
    expect(db.prepare('SELECT count(*) AS n FROM executions').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM execution_logs').get()).toEqual({ n: 3 });
  });

  it('stores durations as Odoo computes them: seconds for executions, milliseconds for logs', async () => {
    await store.executions.save(executionRecord('exec-1'));
    const db = store.db;
    expect(db.prepare('SELECT duration FROM executions').get()).toEqual({ duration: 1.5 });
    expect(db.prepare('SELECT node_name, duration FROM execution_logs ORDER BY sequence').all()).toEqual([
      { node_name: 'Node 1', duration: 4 },
      { node_name: 'Node 2', duration: 4 },
    ]);
  });

  it('finds an execution by its request id and refuses the id for another execution', async () => {
    await store.executions.save(executionRecord('exec-1', { requestId: 'req-1' }));
    expect(await store.executions.findByRequestId('req-1')).toMatchObject({ id: 'exec-1', requestId: 'req-1' });
    expect(await store.executions.findByRequestId('req-2')).toBeUndefined();
    await expect(store.executions.save(executionRecord('exec-2', { requestId: 'req-1' }))).rejects.toThrow(
      new ConflictError("Request id 'req-1' already belongs to execution exec-1, not exec-2"),
    );
    expect(await store.executions.get('exec-2')).toBeUndefined();
    await store.executions.save(executionRecord('exec-1', { requestId: 'req-1', status: 'error' }));
    expect((await store.executions.get('exec-1'))?.status).toBe('error');
  });

  it('saves asked for together share one commit; a refused record fails alone, in order', async () => {
    const saves = [
      store.executions.save(executionRecord('exec-1', { requestId: 'req-1', status: 'running', finished: false, stoppedAt: undefined })),
      store.executions.save(executionRecord('exec-2', { requestId: 'req-1' })),
      store.executions.save(executionRecord('exec-3', { logs: [logRecord(1)] })),
      store.executions.save(executionRecord('exec-1', { requestId: 'req-1', status: 'success' })),
    ];
    const outcomes = await Promise.allSettled(saves);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new ConflictError("Request id 'req-1' already belongs to execution exec-1, not exec-2"));
    expect((await store.executions.get('exec-1'))?.status).toBe('success');
    expect(await store.executions.get('exec-2')).toBeUndefined();
    expect((await store.executions.get('exec-3'))?.logs).toHaveLength(1);
    expect(store.db.prepare('SELECT count(*) AS n FROM executions').get()).toEqual({ n: 2 });
  });

  it('a save that cannot be written fails its whole batch, and nothing of the batch is stored', async () => {
    // A trigger standing for the disk: the second record of the batch cannot be written.
    store.db.function('failing_disk', () => {
      throw new Error('disk I/O error');
    });
    store.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON executions WHEN NEW.execution_id = 'exec-2' BEGIN SELECT failing_disk(); END`);
    const outcomes = await Promise.allSettled([store.executions.save(executionRecord('exec-1')), store.executions.save(executionRecord('exec-2'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain('disk I/O error');
    expect(await store.executions.get('exec-1')).toBeUndefined();
  });
});

describe('SqliteExecutionStore queries', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = openTestStore();
    const rows: Array<[string, string, StoredExecutionStatus, number]> = [
      ['a', 'orders', 'success', 1],
      ['b', 'orders', 'error', 2],
      ['c', 'invoices', 'success', 2],
      ['d', 'orders', 'success', 2],
      ['e', 'orders', 'waiting', 3],
    ];
    for (const [id, canvasId, status, startMinute] of rows) {
      await store.executions.save(executionRecord(id, { canvasId, workflowId: canvasId, status, startedAt: minute(startMinute) }));
    }
  });
  afterEach(() => store.close());

  const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

  it('lists newest first, later saves first among equal start times, with the total', async () => {
    const page = await store.executions.list({ limit: 20, offset: 0 });
    expect(ids(page.rows)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(page.total).toBe(5);
  });

  it('filters by canvas and status and pages with limit and offset', async () => {
    expect(await store.executions.list({ canvasId: 'orders', limit: 2, offset: 1 })).toMatchObject({ total: 4 });
    expect(ids((await store.executions.list({ canvasId: 'orders', limit: 2, offset: 1 })).rows)).toEqual(['d', 'b']);
    const successes = await store.executions.list({ status: 'success', limit: 20, offset: 0 });
    expect([ids(successes.rows), successes.total]).toEqual([['d', 'c', 'a'], 3]);
    const both = await store.executions.list({ canvasId: 'orders', status: 'success', limit: 1, offset: 0 });
    expect([ids(both.rows), both.total]).toEqual([['d'], 2]);
    expect(await store.executions.list({ canvasId: 'none', limit: 5, offset: 0 })).toEqual({ rows: [], total: 0 });
  });

  it('lists summaries without the workflow, the run data and the logs', async () => {
    const [row] = (await store.executions.list({ canvasId: 'invoices', limit: 1, offset: 0 })).rows;
    expect(row).toStrictEqual({
      id: 'c',
      canvasId: 'invoices',
      workflowId: 'invoices',
      mode: 'manual',
      status: 'success',
      finished: true,
      startedAt: minute(2),
      stoppedAt: new Date(Date.UTC(2025, 4, 1, 10, 0, 1, 500)),
    });
  });

  it('lists waiting executions due by a time, or all of them', async () => {
    await store.executions.save(executionRecord('w1', { status: 'waiting', waitTill: minute(10) }));
    await store.executions.save(executionRecord('w2', { status: 'waiting', waitTill: minute(5) }));
    expect(ids(await store.executions.listWaiting(minute(5)))).toEqual(['w2']);
    expect(ids(await store.executions.listWaiting(minute(4)))).toEqual([]);
    expect(ids(await store.executions.listWaiting())).toEqual(['e', 'w2', 'w1']);
  });

  it('lists executions in one status, oldest first', async () => {
    expect(ids(await store.executions.listByStatus('success'))).toEqual(['a', 'c', 'd']);
    expect(ids(await store.executions.listByStatus('running'))).toEqual([]);
  });
});

describe('SqliteExecutionStore updates', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = openTestStore();
    await store.executions.save(executionRecord('w', { status: 'waiting', finished: false, waitTill: minute(5), resumeUrl: 'http://x/webhook-waiting/w' }));
  });
  afterEach(() => store.close());

  it('transitions a status once: the second caller loses', async () => {
    expect(await store.executions.transition('w', 'waiting', 'running')).toBe(true);
    expect(await store.executions.transition('w', 'waiting', 'running')).toBe(false);
    expect(await store.executions.transition('missing', 'waiting', 'running')).toBe(false);
    expect((await store.executions.get('w'))?.status).toBe('running');
  });

  it('patches given fields, clearing those given as undefined', async () => {
    await store.executions.patch('w', {
      status: 'success',
      finished: true,
      stoppedAt: minute(6),
      waitTill: undefined,
      retrySuccessId: 'r2',
    });
    const loaded = await store.executions.get('w');
    expect(loaded).toMatchObject({ status: 'success', finished: true, stoppedAt: minute(6), retrySuccessId: 'r2', resumeUrl: 'http://x/webhook-waiting/w' });
    expect(loaded).not.toHaveProperty('waitTill');
    expect(loaded?.logs).toHaveLength(2);
  });

  it('refuses to patch a missing execution or an unknown field', async () => {
    await expect(store.executions.patch('missing', { status: 'error' })).rejects.toThrow(new NotFoundError('Execution missing not found'));
    const withData = { data: {} } as unknown as Parameters<typeof store.executions.patch>[1];
    await expect(store.executions.patch('w', withData)).rejects.toThrow("Cannot patch field 'data' of execution w");
    await expect(store.executions.patch('w', {})).resolves.toBeUndefined();
  });
});

describe('SqliteExecutionStore prune', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = openTestStore();
    const statuses: StoredExecutionStatus[] = ['success', 'running', 'error', 'waiting', 'success', 'cancelled'];
    for (const [index, status] of statuses.entries()) {
      await store.executions.save(executionRecord(`x${index}`, { status, startedAt: minute(index) }));
    }
  });
  afterEach(() => store.close());

  const remaining = async () => (await store.executions.list({ limit: 50, offset: 0 })).rows.map((row) => row.id);

  it('deletes finished executions started before a date, with their logs', async () => {
    expect(await store.executions.prune({ before: minute(3) })).toBe(2);
    expect(await remaining()).toEqual(['x5', 'x4', 'x3', 'x1']);
    expect(store.db.prepare('SELECT count(*) AS n FROM execution_logs').get()).toEqual({ n: 8 });
  });

  it('keeps the newest N and any execution still in progress', async () => {
    expect(await store.executions.prune({ keep: 2 })).toBe(2);
    expect(await remaining()).toEqual(['x5', 'x4', 'x3', 'x1']);
    expect(await store.executions.prune({ keep: 0 })).toBe(2);
    expect(await remaining()).toEqual(['x3', 'x1']);
  });

  it('applies both limits, and neither when none is given', async () => {
    expect(await store.executions.prune({})).toBe(0);
    expect(await store.executions.prune({ before: minute(1), keep: 3 })).toBe(2);
    expect(await remaining()).toEqual(['x5', 'x4', 'x3', 'x1']);
  });

  it('refuses a negative keep', async () => {
    await expect(store.executions.prune({ keep: -1 })).rejects.toThrow(
      'Cannot prune executions: keep must be a non-negative integer, got -1',
    );
  });
});

/** The store and its raw connection, to check the columns as an SQL reader sees them. */
interface TestStore {
  db: Database;
  executions: SqliteExecutionStore;
  close(): Promise<void>;
}

function openTestStore(): TestStore {
  const db = openDatabase(':memory:');
  const executions = new SqliteExecutionStore(db);
  return { db, executions, close: () => executions.close() };
}
