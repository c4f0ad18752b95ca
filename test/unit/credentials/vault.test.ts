import { CredentialCipher, CredentialVault } from '../../../src/credentials';
import { CredentialError, NotFoundError } from '../../../src/errors';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite';

describe('CredentialVault over the SQLite store', () => {
  let sqlite: SqliteStore;
  let vault: CredentialVault;
  const cipher = new CredentialCipher('vault test key');

  beforeEach(() => {
    sqlite = openSqliteStore({ file: ':memory:' });
    vault = new CredentialVault(sqlite.credentials, cipher, () => new Date('2026-12-07T10:00:00.000Z'));
  });
  afterEach(() => sqlite.close());

  it('creates with a generated n8n-like id, lists without data, stores ciphertext only', async () => {
    const created = await vault.create({ name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 'planted-secret-123' } });
    expect(created).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9]{16}$/), name: 'Shop API', type: 'httpHeaderAuth', createdAt: new Date('2026-12-07T10:00:00.000Z'), updatedAt: new Date('2026-12-07T10:00:00.000Z') });
    expect(await vault.list()).toEqual([created]);
    const stored = await sqlite.credentials.get(created.id);
    expect(stored?.ciphertext).not.toContain('planted-secret');
    expect(JSON.stringify(stored)).not.toContain('X-Api-Key');
  });

  it('resolves by id, then by name within the type', async () => {
    const shop = await vault.create({ id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 's1' } });
    await vault.create({ id: '8', name: 'Shop API', type: 'httpBasicAuth', data: { user: 'u', password: 'p' } });
    expect(await vault.resolve('httpHeaderAuth', { id: '7', name: 'whatever' })).toEqual({ id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: 's1' } });
    expect((await vault.resolve('httpHeaderAuth', { id: 'gone', name: 'Shop API' })).id).toBe(shop.id);
    // An id of another type does not count: the name decides.
    expect((await vault.resolve('httpHeaderAuth', { id: '8', name: 'Shop API' })).id).toBe('7');
    await expect(vault.resolve('httpHeaderAuth', { id: 'gone', name: 'Other' })).rejects.toThrow('Credentials "Other" of type "httpHeaderAuth" do not exist: create them or fix the node\'s reference');
    await expect(vault.resolve('httpHeaderAuth', { id: 'gone' })).rejects.toThrow('Credentials with id "gone" of type "httpHeaderAuth" do not exist');
  });

  it('refuses an ambiguous name', async () => {
    await vault.create({ name: 'Twin', type: 'httpBearerAuth', data: { token: 'a' } });
    await vault.create({ name: 'Twin', type: 'httpBearerAuth', data: { token: 'b' } });
    const failure = vault.resolve('httpBearerAuth', { name: 'Twin' });
    await expect(failure).rejects.toBeInstanceOf(CredentialError);
    await expect(failure).rejects.toThrow('Credentials "Twin" of type "httpBearerAuth" are ambiguous: 2 credentials have that name, reference one by id');
  });

  it('patches: fields left out stay, null removes a field, a new name sticks; a new nonce each write', async () => {
    const { id } = await vault.create({ name: 'Mail', type: 'smtp', data: { user: 'me', password: 'old', host: 'smtp.test' } });
    const before = (await sqlite.credentials.get(id))?.ciphertext;
    await vault.patch(id, { name: 'Mail out', data: { password: 'new', host: null } });
    expect(await vault.resolve('smtp', { id })).toEqual({ id, name: 'Mail out', type: 'smtp', data: { user: 'me', password: 'new' } });
    expect((await sqlite.credentials.get(id))?.ciphertext).not.toBe(before);
  });

  it('describes which fields are set, never their values', async () => {
    const { id } = await vault.create({ name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: '', extra: 'planted-secret-123' } });
    const description = await vault.describe(id);
    expect(description.fields).toEqual([
      { name: 'name', secret: false, set: true },
      { name: 'value', secret: true, set: false },
      { name: 'extra', secret: true, set: true },
    ]);
    expect(JSON.stringify(description)).not.toContain('planted-secret');
    expect(JSON.stringify(description)).not.toContain('X-Api-Key');
  });

  it('fails with the wrong-key message when another key saved the credentials', async () => {
    await vault.create({ id: '7', name: 'Shop API', type: 'httpHeaderAuth', data: { value: 's1' } });
    const otherKey = new CredentialVault(sqlite.credentials, new CredentialCipher('not the key'));
    await expect(otherKey.resolve('httpHeaderAuth', { id: '7' })).rejects.toThrow('Credentials "Shop API" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with');
  });

  it('deletes, and says when there is nothing to delete', async () => {
    const { id } = await vault.create({ name: 'Tmp', type: 'httpBearerAuth', data: { token: 't' } });
    await vault.delete(id);
    expect(await vault.list()).toEqual([]);
    await expect(vault.delete(id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
