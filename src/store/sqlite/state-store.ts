import type { Database, Statement } from 'better-sqlite3';
import type { StateStore } from '../types';

/**
 * Key-value state shared by trigger components. Each compare-and-set is one conditional
 * statement, atomic across processes sharing the file, so a schedule slot fires once.
 */
export class SqliteStateStore implements StateStore {
  private readonly insertIfAbsent: Statement<[string, string, number]>;
  private readonly updateIfEqual: Statement<[string, number, string, string]>;
  private readonly select: Statement<[string], { value: string }>;

  constructor(db: Database) {
    this.insertIfAbsent = db.prepare(
      'INSERT INTO trigger_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
    this.updateIfEqual = db.prepare('UPDATE trigger_state SET value = ?, updated_at = ? WHERE key = ? AND value = ?');
    this.select = db.prepare('SELECT value FROM trigger_state WHERE key = ?');
  }

  async compareAndSet(key: string, expected: string | undefined, value: string): Promise<boolean> {
    const now = Date.now();
    const result =
      expected === undefined ? this.insertIfAbsent.run(key, value, now) : this.updateIfEqual.run(value, now, key, expected);
    return result.changes === 1;
  }

  async getValue(key: string): Promise<string | undefined> {
    return this.select.get(key)?.value;
  }
}
