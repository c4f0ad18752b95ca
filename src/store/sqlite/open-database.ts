import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export const SQLITE_FILE_NAME = 'automator.sqlite';

/**
 * How long a writer waits for another process's lock before failing with SQLITE_BUSY. Queue
 * mode shares the file between mains and workers, so a write may queue behind several others.
 */
const BUSY_TIMEOUT_MS = 15_000;
/** Opening retries a busy database this long in all (the busy handler does not cover every case). */
const OPEN_DEADLINE_MS = 60_000;

/**
 * Opens (creating if needed) the embedded database and migrates it. WAL lets readers run
 * beside the writer; synchronous=NORMAL is durable against process crashes, and in WAL
 * mode loses at most the last commits on power loss, for far cheaper commits.
 * Several processes may open one file at once (queue mode: mains and workers sharing
 * DATA_DIR): the busy timeout is set first, and the steps SQLite can refuse with SQLITE_BUSY
 * without waiting (switching to WAL, WAL recovery, the migration's write lock) are retried.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    const deadline = Date.now() + OPEN_DEADLINE_MS;
    whileBusy(deadline, () => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    whileBusy(deadline, () => migrate(db));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** SQLITE_BUSY and its extended codes (_RECOVERY, _SNAPSHOT...): another process holds the file. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `step` again after a short pause while the file is busy, until `deadline`. */
function whileBusy<T>(deadline: number, step: () => T): T {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Opening is synchronous start-up work: a blocking pause, jittered so racers spread out.
      Atomics.wait(pause, 0, 0, Math.min(500, 20 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}
