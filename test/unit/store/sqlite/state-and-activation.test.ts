import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../../../src/store/sqlite';

describe('SqliteStateStore', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
  });
  afterEach(() => store.close());

  it('sets an absent key only when absent is expected', async () => {
    expect(await store.state.getValue('slot')).toBeUndefined();
    expect(await store.state.compareAndSet('slot', 'x', 'y')).toBe(false);
    expect(await store.state.compareAndSet('slot', undefined, '2025-05-01T10:00')).toBe(true);
    expect(await store.state.compareAndSet('slot', undefined, '2025-05-01T10:01')).toBe(false);
    expect(await store.state.getValue('slot')).toBe('2025-05-01T10:00');
  });

  it('replaces a value only when the expected one is current', async () => {
    await store.state.compareAndSet('slot', undefined, 'a');
    expect(await store.state.compareAndSet('slot', 'b', 'c')).toBe(false);
    expect(await store.state.compareAndSet('slot', 'a', 'b')).toBe(true);
    expect(await store.state.compareAndSet('slot', 'a', 'b')).toBe(false);
    expect(await store.state.getValue('slot')).toBe('b');
  });

  it('lets exactly one of two processes sharing the file win a slot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-cas-'));
    const first = openSqliteStore({ dataDir: dir });
    const second = openSqliteStore({ dataDir: dir });
    const results = [
      await first.state.compareAndSet('schedule:wf:node', 'slot-1', 'slot-2'),
      await second.state.compareAndSet('schedule:wf:node', undefined, 'slot-2'),
      await first.state.compareAndSet('schedule:wf:node', undefined, 'slot-2'),
    ];
    expect(results).toEqual([false, true, false]);
    expect(await first.state.getValue('schedule:wf:node')).toBe('slot-2');
    await first.close();
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('SqliteActivationStore', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
  });
  afterEach(() => store.close());

  it('records activation with its time, and clears the time on deactivation', () => {
    const at = new Date(Date.UTC(2025, 4, 1, 9, 30));
    expect(store.activation.getActivation('orders')).toBeUndefined();
    store.activation.setActivation('orders', true, at);
    store.activation.setActivation('invoices', true, at);
    expect(store.activation.getActivation('orders')).toStrictEqual({ active: true, activatedAt: at });
    store.activation.setActivation('invoices', false, new Date(Date.UTC(2025, 4, 2)));
    expect(store.activation.getActivation('invoices')).toStrictEqual({ active: false });
    expect(store.activation.listActivations()).toStrictEqual(
      new Map([
        ['orders', { active: true, activatedAt: at }],
        ['invoices', { active: false }],
      ]),
    );
  });
});
