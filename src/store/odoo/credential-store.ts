import { ConflictError } from '../../errors';
import type { OdooClient } from '../../odoo/client';
import { fromOdooDatetime } from '../../odoo/datetime';
import type { JsonObject } from '../../workflow/json';
import type { CredentialChanges, CredentialStore, StoredCredential } from '../types';
import type { OdooFalse } from './odoo-records';

/** The addon's `credentials` model: name, type, company and the sidecar's ciphertext only. */
const MODEL = 'credentials';
const FIELDS = ['credential_id', 'name', 'type', 'ciphertext', 'create_date', 'write_date'];

type CredentialRecord = {
  id: number;
  credential_id: string;
  name: string;
  type: string;
  ciphertext: string | OdooFalse;
  create_date: string;
  write_date: string;
};

function fromRecord(record: CredentialRecord): StoredCredential {
  const createdAt = fromOdooDatetime(record.create_date) ?? new Date(0);
  return {
    id: record.credential_id,
    name: record.name,
    type: record.type,
    // An empty ciphertext (a record made by hand in Odoo) fails decryption with a clear message.
    ciphertext: record.ciphertext === false ? '' : record.ciphertext,
    createdAt,
    updatedAt: fromOdooDatetime(record.write_date) ?? createdAt,
  };
}

/**
 * Odoo-mode credentials, read and written by the sidecar's login (the only group that may
 * see the ciphertext field). Odoo stamps create_date/write_date itself; the credential's id
 * is the `credential_id` field (n8n's id, kept from an import), not the record id.
 */
export class OdooCredentialStore implements CredentialStore {
  constructor(private readonly client: OdooClient) {}

  async list(): Promise<StoredCredential[]> {
    return (await this.read([])).map(fromRecord);
  }

  async get(id: string): Promise<StoredCredential | undefined> {
    const [record] = await this.read([['credential_id', '=', id]]);
    return record === undefined ? undefined : fromRecord(record);
  }

  async findByName(type: string, name: string): Promise<StoredCredential[]> {
    return (await this.read([['type', '=', type], ['name', '=', name]])).map(fromRecord);
  }

  async create(record: StoredCredential): Promise<void> {
    if ((await this.client.searchCount(MODEL, [['credential_id', '=', record.id]])) > 0) {
      throw new ConflictError(`A credential with id "${record.id}" already exists`);
    }
    await this.client.create(MODEL, { credential_id: record.id, name: record.name, type: record.type, ciphertext: record.ciphertext });
  }

  async update(id: string, changes: CredentialChanges): Promise<boolean> {
    const recordId = await this.recordId(id);
    if (recordId === undefined) return false;
    const values: JsonObject = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.type !== undefined) values.type = changes.type;
    if (changes.ciphertext !== undefined) values.ciphertext = changes.ciphertext;
    // Odoo sets write_date itself (changes.updatedAt is the same instant, give or take a second).
    if (Object.keys(values).length > 0) await this.client.write(MODEL, [recordId], values);
    return true;
  }

  async delete(id: string): Promise<boolean> {
    const recordId = await this.recordId(id);
    if (recordId === undefined) return false;
    await this.client.unlink(MODEL, [recordId]);
    return true;
  }

  /** One addon call, one Odoo transaction: it refuses (changing nothing) when the ids differ. */
  async replaceAllCiphertexts(ciphertexts: ReadonlyMap<string, string>): Promise<void> {
    try {
      await this.client.call(MODEL, 'sidecar_replace_ciphertexts', [Object.fromEntries(ciphertexts)]);
    } catch (error) {
      if (error instanceof Error && /changed while their key was being rotated/.test(error.message)) {
        throw new ConflictError('The credentials changed while their key was being rotated: nothing was changed, run it again');
      }
      throw error;
    }
  }

  private async read(domain: JsonObject[keyof JsonObject][]): Promise<CredentialRecord[]> {
    return this.client.searchRead<CredentialRecord>(MODEL, domain, { fields: FIELDS, order: 'name, id' });
  }

  private async recordId(id: string): Promise<number | undefined> {
    const [recordId] = await this.client.search(MODEL, [['credential_id', '=', id]], { limit: 1 });
    return recordId;
  }
}
