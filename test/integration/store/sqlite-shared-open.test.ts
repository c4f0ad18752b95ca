import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/store/sqlite';
import { transpileService } from '../../helpers/service-process';

/**
 * Queue mode: mains and workers open one DATA_DIR/automator.sqlite. Real processes opening
 * the file together (a fresh file: all race to create and migrate it), and one opening it
 * while another holds a long write, must all start.
 */
let outDir: string;
let dir: string;

beforeAll(() => {
  outDir = transpileService(['store/sqlite/open-database.ts', 'store/sqlite/migrations.ts', 'errors.ts']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-shared-'));
});
afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A child that waits for `startAt`, opens `file`, writes one row and prints `opened`. */
function opener(file: string, startAt: number): Promise<{ code: number | null; output: string }> {
  const script = `
    const { openDatabase } = require(${JSON.stringify(path.join(outDir, 'store/sqlite/open-database.js'))});
    while (Date.now() < ${startAt}) {}
    const db = openDatabase(${JSON.stringify(file)});
    db.prepare("INSERT INTO trigger_state (key, value, updated_at) VALUES (?, 'x', 0)").run('opener-' + process.pid);
    db.close();
    console.log('opened');
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: outDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: output.trim() })));
}

it('lets eight processes create and migrate one fresh file at the same moment', async () => {
  const file = path.join(dir, 'fresh', 'automator.sqlite');
  const startAt = Date.now() + 1500;
  const results = await Promise.all(Array.from({ length: 8 }, () => opener(file, startAt)));
  expect(results).toEqual(Array.from({ length: 8 }, () => ({ code: 0, output: 'opened' })));
  const db = new Database(file, { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect((db.prepare('SELECT count(*) AS n FROM trigger_state').get() as { n: number }).n).toBe(8);
  db.close();
}, 60_000);

it('opens a migrated file and writes while another process holds a write for 7 s', async () => {
  const file = path.join(dir, 'busy', 'automator.sqlite');
  expect(await opener(file, 0)).toEqual({ code: 0, output: 'opened' });
  const holder = new Database(file);
  holder.exec('BEGIN IMMEDIATE');
  holder.prepare("INSERT INTO trigger_state (key, value, updated_at) VALUES ('held', 'x', 0)").run();
  // The opener needs no write lock to start; its own row waits for the holder's commit.
  const opening = opener(file, 0);
  const released = new Promise((resolve) => setTimeout(resolve, 7000)).then(() => holder.exec('COMMIT'));
  expect(await opening).toEqual({ code: 0, output: 'opened' });
  await released;
  holder.close();
}, 60_000);
