import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate, openDatabase, openSqliteStore, schemaVersion } from '../../../../src/store/sqlite';

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-open-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file and its folder, in WAL mode with the connection settings', () => {
    const file = path.join(dir, 'nested', 'automator.sqlite');
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(15000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('opens DATA_DIR/automator.sqlite through openSqliteStore', async () => {
    const store = openSqliteStore({ dataDir: dir });
    expect(store.file).toBe(path.join(dir, 'automator.sqlite'));
    await store.close();
    await store.close();
    expect(fs.existsSync(path.join(dir, 'automator.sqlite'))).toBe(true);
  });

  it('keeps data across reopening without migrating again', () => {
    const file = path.join(dir, 'automator.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO trigger_state (key, value, updated_at) VALUES ('k', 'v', 1)").run();
    first.close();
    const second = openDatabase(file);
    expect(second.prepare('SELECT value FROM trigger_state').get()).toEqual({ value: 'v' });
    second.close();
  });
});

describe('migrate', () => {
  it('applies only the steps not yet applied, in order', () => {
    const db = new Database(':memory:');
    migrate(db, ['CREATE TABLE a (x)']);
    expect(schemaVersion(db)).toBe(1);
    migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (y)', 'INSERT INTO b VALUES (1)']);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT y FROM b').all()).toEqual([{ y: 1 }]);
    db.close();
  });

  it('rolls back every step of a run when one fails', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (y); SELECT * FROM missing'])).toThrow(
      'no such table: missing',
    );
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database made by a newer service', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 7');
    expect(() => migrate(db, ['CREATE TABLE a (x)'])).toThrow(
      'The database :memory: has schema version 7, newer than this service knows (1): upgrade the service',
    );
    db.close();
  });
});
