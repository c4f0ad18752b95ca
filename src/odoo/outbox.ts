import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OutboxOwner } from './outbox-owner';

/** Past this the WAL file is cut back after each checkpoint. */
const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;
/** Smaller files are not worth a VACUUM. */
const COMPACT_MIN_BYTES = 1024 * 1024;

/** One accepted write waiting for Odoo. A newer write for the same key replaces it in place. */
export interface OutboxEntry {
  /** Delivery order: the first acceptance's position, kept when the payload is replaced. */
  seq: number;
  key: string;
  kind: string;
  payload: string;
  /** Bumped on every replacement, so a delivery only removes what it actually sent. */
  version: number;
  /** Odoo may already hold it (left over from a crash, or after a timeout): look before creating. */
  suspect: boolean;
  /** When it was first accepted (ms since the epoch), kept when the payload is replaced: the backlog's age. */
  acceptedAt: number;
}

export interface OutboxOptions {
  dataDir: string;
  fileName?: string;
  /**
   * `normal` (default) survives a crash or restart of the process; `full` also an OS crash or
   * power loss, at the price of one fsync per accepted write.
   */
  durability?: 'normal' | 'full';
}

interface EntryRow {
  seq: number;
  key: string;
  kind: string;
  payload: string;
  version: number;
  suspect: number;
  accepted_at: number | null;
}

/**
 * The durable side of Odoo writes: an SQLite file under DATA_DIR holding what was accepted
 * and not yet delivered, the Odoo ids of records still changing, and what Odoo refused.
 * Synchronous by design (better-sqlite3): `put` returns once the write is on disk.
 */
export class Outbox {
  private readonly db: Database.Database;
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly statements: ReturnType<Outbox['prepare']>;
  private readonly owner: OutboxOwner;

  constructor(options: OutboxOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, options.fileName ?? 'odoo-outbox.sqlite');
    this.owner = new OutboxOwner(`${file}.owner`);
    this.owner.claim();
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // After a checkpoint the WAL file shrinks back to this instead of keeping its peak size.
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        suspect INTEGER NOT NULL DEFAULT 0,
        accepted_at INTEGER
      );
      CREATE TABLE IF NOT EXISTS odoo_ids (key TEXT PRIMARY KEY, odoo_id INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        error TEXT NOT NULL,
        failed_at TEXT NOT NULL
      );
    `);
    // Files written before entries carried their acceptance time.
    const columns = this.db.prepare('PRAGMA table_info(outbox)').all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'accepted_at')) this.db.exec('ALTER TABLE outbox ADD COLUMN accepted_at INTEGER');
    this.statements = this.prepare();
    // Whatever is left from an earlier process may have reached Odoo just before it stopped.
    this.db.exec('UPDATE outbox SET suspect = 1');
    this.db.prepare('UPDATE outbox SET accepted_at = ? WHERE accepted_at IS NULL').run(Date.now());
    for (const row of this.db.prepare('SELECT * FROM outbox ORDER BY seq').all() as EntryRow[]) {
      this.entries.set(row.key, toEntry(row));
    }
  }

  private prepare() {
    return {
      upsert: this.db.prepare(
        `INSERT INTO outbox (key, kind, payload, accepted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET payload = excluded.payload, kind = excluded.kind, version = version + 1
         RETURNING *`,
      ),
      remove: this.db.prepare('DELETE FROM outbox WHERE key = ? AND version = ?'),
      suspect: this.db.prepare('UPDATE outbox SET suspect = 1 WHERE key = ?'),
      getId: this.db.prepare('SELECT odoo_id FROM odoo_ids WHERE key = ?'),
      setId: this.db.prepare('INSERT OR REPLACE INTO odoo_ids (key, odoo_id) VALUES (?, ?)'),
      forgetId: this.db.prepare('DELETE FROM odoo_ids WHERE key = ?'),
      dead: this.db.prepare(
        'INSERT INTO dead_letters (key, kind, payload, error, failed_at) VALUES (?, ?, ?, ?, ?)',
      ),
    };
  }

  /**
   * Accepts a write (on disk when this returns); replaces a pending one with the same key.
   * In an explicit transaction: an `INSERT ... RETURNING` read with `get` commits when the
   * statement is reset, and a commit failing there (a full disk) would go unreported.
   */
  put(key: string, kind: string, payload: string): OutboxEntry {
    const row = this.db.transaction(() => this.statements.upsert.get(key, kind, payload, Date.now()) as EntryRow)();
    const entry = toEntry(row);
    this.entries.set(key, entry);
    return entry;
  }

  get(key: string): OutboxEntry | undefined {
    return this.entries.get(key);
  }

  /** The oldest `limit` entries, in acceptance order. */
  oldest(limit: number): OutboxEntry[] {
    const result: OutboxEntry[] = [];
    for (const entry of this.entries.values()) {
      if (result.length >= limit) break;
      result.push(entry);
    }
    return result;
  }

  all(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** When the oldest pending entry was accepted (ms since the epoch); undefined when nothing waits. */
  oldestAcceptedAt(): number | undefined {
    for (const entry of this.entries.values()) return entry.acceptedAt;
    return undefined;
  }

  /** Bytes on disk: the database file and its write-ahead log. */
  fileBytes(): number {
    const file = this.db.name;
    return sizeOf(file) + sizeOf(`${file}-wal`);
  }

  /**
   * Gives the space of delivered entries back to the file system once nothing waits: a burst
   * of load grows the file, and SQLite keeps freed pages for reuse unless told otherwise.
   * Cheap when drained (only the ids of running executions and the dead letters are copied).
   * Answers whether it compacted.
   */
  compactIfDrained(minBytes = COMPACT_MIN_BYTES): boolean {
    if (this.entries.size > 0 || this.fileBytes() < minBytes) return false;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return true;
  }

  /** Removes a delivered entry unless it was replaced meanwhile (then the newer one stays). */
  remove(key: string, version: number): boolean {
    const current = this.entries.get(key);
    if (!current || current.version !== version) return false;
    this.statements.remove.run(key, version);
    this.entries.delete(key);
    return true;
  }

  markSuspect(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.suspect = true;
    this.statements.suspect.run(key);
  }

  /** Moves an entry Odoo refused for good out of the queue, keeping it for inspection. */
  deadLetter(entry: OutboxEntry, error: string): void {
    this.db.transaction(() => {
      this.statements.dead.run(entry.key, entry.kind, entry.payload, error, new Date().toISOString());
      this.statements.remove.run(entry.key, entry.version);
    })();
    if (this.entries.get(entry.key)?.version === entry.version) this.entries.delete(entry.key);
  }

  deadLetterCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM dead_letters').get() as { n: number }).n;
  }

  /** Odoo ids of records that will be written again (running, waiting executions). */
  knownId(key: string): number | undefined {
    return (this.statements.getId.get(key) as { odoo_id: number } | undefined)?.odoo_id;
  }

  rememberId(key: string, odooId: number): void {
    this.statements.setId.run(key, odooId);
  }

  forgetId(key: string): void {
    this.statements.forgetId.run(key);
  }

  /** A page of random bytes over one probe row: fails while the outbox file cannot grow. */
  probeWrite(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS outbox_probe (id INTEGER PRIMARY KEY, written_at INTEGER NOT NULL, pad BLOB NOT NULL)');
    this.db.prepare('INSERT OR REPLACE INTO outbox_probe (id, written_at, pad) VALUES (1, ?, randomblob(4096))').run(Date.now());
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.owner.release();
  }
}

function toEntry(row: EntryRow): OutboxEntry {
  return {
    seq: row.seq,
    key: row.key,
    kind: row.kind,
    payload: row.payload,
    version: row.version,
    suspect: row.suspect === 1,
    acceptedAt: row.accepted_at ?? Date.now(),
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
