import type { Database, Statement } from 'better-sqlite3';
import { ConflictError } from '../../errors';
import type { CredentialChanges, CredentialStore, StoredCredential } from '../types';

interface CredentialRow {
  id: string;
  name: string;
  type: string;
  ciphertext: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, name, type, ciphertext, created_at, updated_at';

function fromRow(row: CredentialRow): StoredCredential {
  return { id: row.id, name: row.name, type: row.type, ciphertext: row.ciphertext, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
}

/** Embedded-mode credentials: one row each, the fields as ciphertext only. */
export class SqliteCredentialStore implements CredentialStore {
  private readonly selectAll: Statement<[], CredentialRow>;
  private readonly selectOne: Statement<[string], CredentialRow>;
  private readonly selectByName: Statement<[string, string], CredentialRow>;
  private readonly insert: Statement<[string, string, string, string, number, number]>;
  private readonly remove: Statement<[string]>;
  private readonly setCiphertext: Statement<[string, number, string]>;

  constructor(private readonly db: Database) {
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM credentials ORDER BY name, id`);
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE id = ?`);
    this.selectByName = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE type = ? AND name = ? ORDER BY id`);
    this.insert = db.prepare(`INSERT INTO credentials (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    this.remove = db.prepare('DELETE FROM credentials WHERE id = ?');
    this.setCiphertext = db.prepare('UPDATE credentials SET ciphertext = ?, updated_at = ? WHERE id = ?');
  }

  async list(): Promise<StoredCredential[]> {
    return this.selectAll.all().map(fromRow);
  }

  async get(id: string): Promise<StoredCredential | undefined> {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  async findByName(type: string, name: string): Promise<StoredCredential[]> {
    return this.selectByName.all(type, name).map(fromRow);
  }

  async create(record: StoredCredential): Promise<void> {
    try {
      this.insert.run(record.id, record.name, record.type, record.ciphertext, record.createdAt.getTime(), record.updatedAt.getTime());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ConflictError(`A credential with id "${record.id}" already exists`);
      throw error;
    }
  }

  async update(id: string, changes: CredentialChanges): Promise<boolean> {
    const sets: string[] = ['updated_at = @updatedAt'];
    if (changes.name !== undefined) sets.push('name = @name');
    if (changes.type !== undefined) sets.push('type = @type');
    if (changes.ciphertext !== undefined) sets.push('ciphertext = @ciphertext');
    const result = this.db
      .prepare(`UPDATE credentials SET ${sets.join(', ')} WHERE id = @id`)
      .run({ id, name: changes.name ?? null, type: changes.type ?? null, ciphertext: changes.ciphertext ?? null, updatedAt: changes.updatedAt.getTime() });
    return result.changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.remove.run(id).changes > 0;
  }

  async replaceAllCiphertexts(ciphertexts: ReadonlyMap<string, string>, at: Date): Promise<void> {
    this.db
      .transaction(() => {
        const ids = this.selectAll.all().map((row) => row.id);
        if (ids.length !== ciphertexts.size || ids.some((id) => !ciphertexts.has(id))) {
          throw new ConflictError('The credentials changed while their key was being rotated: nothing was changed, run it again');
        }
        for (const [id, ciphertext] of ciphertexts) this.setCiphertext.run(ciphertext, at.getTime(), id);
      })
      .immediate();
  }
}
