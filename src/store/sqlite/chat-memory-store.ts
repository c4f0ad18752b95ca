import type { Database } from 'better-sqlite3';
import type { ChatMemoryStore, StoredChatMessage } from '../../contracts/node-services';

/**
 * Chat histories of memory sub-nodes, one row per message. The table is made on first use
 * (not a numbered migration): it stands alone, and a database without it is simply empty.
 */
export class SqliteChatMemoryStore implements ChatMemoryStore {
  private ready = false;

  constructor(private readonly db: Database) {}

  private ensureTable(): void {
    if (this.ready) return;
    this.db.exec(`CREATE TABLE IF NOT EXISTS chat_memory (
      session_key TEXT NOT NULL,
      seq INTEGER NOT NULL,
      message TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (session_key, seq)
    )`);
    this.ready = true;
  }

  async load(key: string): Promise<StoredChatMessage[]> {
    this.ensureTable();
    const rows = this.db.prepare('SELECT message FROM chat_memory WHERE session_key = ? ORDER BY seq').all(key) as Array<{ message: string }>;
    return rows.map((row) => JSON.parse(row.message) as StoredChatMessage);
  }

  async append(key: string, messages: StoredChatMessage[]): Promise<void> {
    this.ensureTable();
    const next = this.db.prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS seq FROM chat_memory WHERE session_key = ?');
    const insert = this.db.prepare('INSERT INTO chat_memory (session_key, seq, message, created_at) VALUES (?, ?, ?, ?)');
    // One immediate transaction: two runs of one session append whole exchanges, never interleaved.
    this.db
      .transaction(() => {
        let seq = (next.get(key) as { seq: number }).seq;
        const now = Date.now();
        for (const message of messages) {
          insert.run(key, seq, JSON.stringify(message), now);
          seq += 1;
        }
      })
      .immediate();
  }

  async clear(key: string): Promise<void> {
    this.ensureTable();
    this.db.prepare('DELETE FROM chat_memory WHERE session_key = ?').run(key);
  }
}
