import { CredentialError, NotFoundError } from '../errors';
import type { JsonObject } from '../workflow/json';
import type { CredentialProvider, CredentialReference, ResolvedCredential } from '../contracts/node-services';
import { credentialTypeInfo } from '../nodes/credentials';
import { rememberSecrets } from '../logging';
import type { CredentialStore, StoredCredential } from '../store/types';
import type { CredentialCipher } from './cipher';
import { newCredentialId } from './credential-id';

/** What answers and listings show of a credential: never its data. */
export interface CredentialSummary {
  id: string;
  name: string;
  type: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One field of a credential as `GET /credentials/:id` shows it: whether it holds a value. */
export interface CredentialFieldState {
  name: string;
  secret: boolean;
  set: boolean;
}

export interface CredentialDescription extends CredentialSummary {
  fields: CredentialFieldState[];
}

export interface NewCredential {
  name: string;
  type: string;
  data: JsonObject;
  /** Kept from an n8n import; generated otherwise. */
  id?: string;
}

function summaryOf(record: StoredCredential): CredentialSummary {
  return { id: record.id, name: record.name, type: record.type, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

function isSet(value: JsonObject[string] | undefined): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Credentials as the rest of the service uses them: encrypted on the way into the store,
 * decrypted only on the way to a node. Everything it returns to callers other than nodes
 * (summaries, descriptions) holds no field value.
 */
export class CredentialVault implements CredentialProvider {
  constructor(
    private readonly store: CredentialStore,
    private readonly cipher: CredentialCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: NewCredential): Promise<CredentialSummary> {
    const id = input.id ?? newCredentialId();
    const at = this.now();
    rememberSecrets(input.data);
    const record: StoredCredential = { id, name: input.name, type: input.type, ciphertext: this.cipher.encrypt(input.data, id), createdAt: at, updatedAt: at };
    await this.store.create(record);
    return summaryOf(record);
  }

  async list(): Promise<CredentialSummary[]> {
    return (await this.store.list()).map(summaryOf);
  }

  async describe(id: string): Promise<CredentialDescription> {
    const record = await this.require(id);
    const data = this.decrypt(record);
    const known = credentialTypeInfo(record.type)?.fields.filter((field) => field.internal !== true) ?? [];
    const fields: CredentialFieldState[] = known.map((field) => ({ name: field.name, secret: field.secret, set: isSet(data[field.name]) }));
    for (const name of Object.keys(data)) {
      if (!fields.some((field) => field.name === name)) fields.push({ name, secret: true, set: isSet(data[name]) });
    }
    return { ...summaryOf(record), fields };
  }

  /**
   * Renames and/or changes fields: fields left out of `data` keep their values, a field
   * given as null is removed.
   */
  async patch(id: string, changes: { name?: string; data?: JsonObject }): Promise<CredentialSummary> {
    const record = await this.require(id);
    const at = this.now();
    let ciphertext: string | undefined;
    if (changes.data !== undefined) {
      const merged: JsonObject = { ...this.decrypt(record) };
      for (const [key, value] of Object.entries(changes.data)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      rememberSecrets(merged);
      ciphertext = this.cipher.encrypt(merged, id);
    }
    await this.store.update(id, { name: changes.name, ciphertext, updatedAt: at });
    return { ...summaryOf(record), name: changes.name ?? record.name, updatedAt: at };
  }

  /** Replaces name, type and every field (an import over an existing id). */
  async replace(input: NewCredential & { id: string }): Promise<CredentialSummary> {
    const record = await this.require(input.id);
    const at = this.now();
    await this.store.update(input.id, { name: input.name, type: input.type, ciphertext: this.cipher.encrypt(input.data, input.id), updatedAt: at });
    return { id: input.id, name: input.name, type: input.type, createdAt: record.createdAt, updatedAt: at };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.store.get(id)) !== undefined;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new NotFoundError(`Credential ${id} not found`);
  }

  async resolve(type: string, reference: CredentialReference): Promise<ResolvedCredential> {
    const record = await this.find(type, reference);
    return { id: record.id, name: record.name, type: record.type, data: this.decrypt(record) };
  }

  /** Merges `data` over the stored fields (OAuth2 tokens after a refresh). */
  async update(id: string, data: JsonObject): Promise<void> {
    await this.patch(id, { data });
  }

  private async find(type: string, reference: CredentialReference): Promise<StoredCredential> {
    const label = { type, ...reference };
    if (reference.id !== undefined) {
      const byId = await this.store.get(reference.id);
      if (byId !== undefined && byId.type === type) return byId;
    }
    if (reference.name !== undefined) {
      const byName = await this.store.findByName(type, reference.name);
      if (byName.length === 1) return byName[0];
      if (byName.length > 1) {
        throw new CredentialError(`Credentials "${reference.name}" of type "${type}" are ambiguous: ${byName.length} credentials have that name, reference one by id`, 'ambiguous', label);
      }
    }
    const which = reference.name !== undefined ? `"${reference.name}"` : `with id "${reference.id ?? ''}"`;
    throw new CredentialError(`Credentials ${which} of type "${type}" do not exist: create them or fix the node's reference`, 'not_found', label);
  }

  private async require(id: string): Promise<StoredCredential> {
    const record = await this.store.get(id);
    if (record === undefined) throw new NotFoundError(`Credential ${id} not found`);
    return record;
  }

  private decrypt(record: StoredCredential): JsonObject {
    const data = this.cipher.decrypt(record.ciphertext, { id: record.id, name: record.name, type: record.type });
    // From here on a log line quoting one of these values shows it masked.
    rememberSecrets(data);
    return data;
  }
}
