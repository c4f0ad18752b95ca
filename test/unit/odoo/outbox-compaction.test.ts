import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Outbox } from '../../../src/odoo/outbox';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-unit-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const TEN_MIB = 10 * 1024 * 1024;

describe('the outbox file', () => {
  it('grows with a burst and is compacted back once drained (database and WAL)', () => {
    const outbox = new Outbox({ dataDir: dir });
    const payload = 'x'.repeat(10_000);
    for (let i = 0; i < 2500; i += 1) outbox.put(`e${i}`, 'save', payload);
    outbox.rememberId('still-running', 42);
    const entries = outbox.all();
    expect(outbox.compactIfDrained()).toBe(false);
    for (const entry of entries) outbox.remove(entry.key, entry.version);
    expect(outbox.size).toBe(0);
    expect(outbox.fileBytes()).toBeGreaterThan(TEN_MIB);

    expect(outbox.compactIfDrained()).toBe(true);
    expect(outbox.fileBytes()).toBeLessThan(1024 * 1024);
    // What must survive a compaction does.
    expect(outbox.knownId('still-running')).toBe(42);
    expect(outbox.compactIfDrained()).toBe(false);
    outbox.close();
  });

  it('keeps when an entry was first accepted across replacements and restarts', () => {
    const outbox = new Outbox({ dataDir: dir });
    const before = Date.now();
    outbox.put('a', 'save', '1');
    outbox.put('b', 'save', '1');
    const first = outbox.get('a')?.acceptedAt as number;
    expect(first).toBeGreaterThanOrEqual(before);
    outbox.put('a', 'save', '2');
    expect(outbox.get('a')).toMatchObject({ version: 2, acceptedAt: first });
    expect(outbox.oldestAcceptedAt()).toBe(first);
    outbox.close();
    const reopened = new Outbox({ dataDir: dir });
    expect(reopened.oldestAcceptedAt()).toBe(first);
    reopened.remove('a', 2);
    expect(reopened.oldestAcceptedAt()).toBe(reopened.get('b')?.acceptedAt);
    reopened.remove('b', 1);
    expect(reopened.oldestAcceptedAt()).toBeUndefined();
    reopened.close();
  });

  it('opens a file written before entries carried their acceptance time', () => {
    const file = path.join(dir, 'odoo-outbox.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
      payload TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, suspect INTEGER NOT NULL DEFAULT 0)`);
    old.prepare("INSERT INTO outbox (key, kind, payload) VALUES ('left-over', 'save', '{}')").run();
    old.close();
    const before = Date.now();
    const outbox = new Outbox({ dataDir: dir });
    expect(outbox.get('left-over')).toMatchObject({ suspect: true, version: 1 });
    expect(outbox.oldestAcceptedAt()).toBeGreaterThanOrEqual(before);
    outbox.put('new', 'save', '{}');
    expect(outbox.all().map((entry) => entry.key)).toEqual(['left-over', 'new']);
    outbox.close();
  });
});
