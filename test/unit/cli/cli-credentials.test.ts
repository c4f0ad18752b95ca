import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli-run';
import { CredentialCipher, CredentialVault } from '../../../src/credentials';
import { openSqliteStore } from '../../../src/store/sqlite';
import { startRecordingServer } from '../../helpers/recording-server';

const exportFile = join(__dirname, '..', '..', 'fixtures', 'n8n-credentials-export.json');

describe('cli credentials', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-creds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(argv: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: { DATA_DIR: join(dir, 'data'), WORKFLOWS_DIR: dir, ...env } });
    return { code, stdout, stderr };
  }

  async function decryptAll(key: string) {
    const sqlite = openSqliteStore({ dataDir: join(dir, 'data') });
    try {
      const vault = new CredentialVault(sqlite.credentials, new CredentialCipher(key));
      return await Promise.all((await vault.list()).map(async (entry) => (await vault.resolve(entry.type, { id: entry.id })).data));
    } finally {
      await sqlite.close();
    }
  }

  it('adds from a data file, lists without values', async () => {
    const dataFile = join(dir, 'fields.json');
    writeFileSync(dataFile, JSON.stringify({ name: 'X-Api-Key', value: 'planted-secret-123' }));
    const added = await cli(['credentials', 'add', '--name', 'Shop API', '--type', 'httpHeaderAuth', '--data-file', dataFile], { CREDENTIALS_KEY: 'k1' });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ id: expect.any(String), name: 'Shop API', type: 'httpHeaderAuth', createdAt: expect.any(String) });
    const listed = await cli(['credentials', 'list'], { CREDENTIALS_KEY: 'k1' });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'Shop API', type: 'httpHeaderAuth' })]);
    expect(added.stdout + added.stderr + listed.stdout + listed.stderr).not.toContain('planted-secret-123');
  });

  it('refuses bad input with exit 2 and a one-line reason that never quotes the data', async () => {
    const bad = await cli(['credentials', 'add', '--name', 'X', '--type', 'httpBearerAuth', '--data', '{"token": planted-secret-123}'], { CREDENTIALS_KEY: 'k1' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('--data is not valid JSON\n');
    const unknown = await cli(['credentials', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown credentials subcommand "frobnicate"');
  });

  it('imports an n8n decrypted export, keeping its ids', async () => {
    const imported = await cli(['credentials', 'import', exportFile], { CREDENTIALS_KEY: 'k1' });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).created.map((entry: { id: string }) => entry.id)).toEqual(['7', 'aB3dE5fG7hI9jK1l', 'oauth1']);
    expect(imported.stdout).not.toContain('planted-secret-123');
  });

  it('rotates the generated key: everything re-encrypted, the key file replaced, the old key no longer opens them', async () => {
    await cli(['credentials', 'import', exportFile]);
    const keyPath = join(dir, 'data', 'credentials-key');
    const oldKey = readFileSync(keyPath, 'utf8').trim();
    const before = await decryptAll(oldKey);
    const rotated = await cli(['credentials', 'rotate-key']);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toEqual({ rotated: 3 });
    const newKey = readFileSync(keyPath, 'utf8').trim();
    expect(newKey).not.toBe(oldKey);
    expect(await decryptAll(newKey)).toEqual(before);
    await expect(decryptAll(oldKey)).rejects.toThrow('CREDENTIALS_KEY is not the key they were saved with');
  });

  it('rotates from CREDENTIALS_KEY to a key file, all or nothing', async () => {
    await cli(['credentials', 'import', exportFile], { CREDENTIALS_KEY: 'k1' });
    const newKeyFile = join(dir, 'new-key');
    writeFileSync(newKeyFile, 'k2\n');
    expect((await cli(['credentials', 'rotate-key'], { CREDENTIALS_KEY: 'k1' })).stderr).toContain('give the new key with --new-key-file');

    // One credential the current key cannot open: nothing changes.
    const sqlite = openSqliteStore({ dataDir: join(dir, 'data') });
    await new CredentialVault(sqlite.credentials, new CredentialCipher('a stray key')).create({ id: 'stray', name: 'Stray', type: 'httpBearerAuth', data: { token: 't' } });
    await sqlite.close();
    const refused = await cli(['credentials', 'rotate-key', '--new-key-file', newKeyFile], { CREDENTIALS_KEY: 'k1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Credentials "Stray" cannot be decrypted: CREDENTIALS_KEY is not the key they were saved with');
    const reopened = openSqliteStore({ dataDir: join(dir, 'data') });
    await reopened.credentials.delete('stray');
    await reopened.close();
    expect(await decryptAll('k1')).toHaveLength(3);

    const rotated = await cli(['credentials', 'rotate-key', '--new-key-file', newKeyFile], { CREDENTIALS_KEY: 'k1' });
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toContain('set CREDENTIALS_KEY to the content of');
    expect(await decryptAll('k2')).toHaveLength(3);
    await expect(decryptAll('k1')).rejects.toThrow('CREDENTIALS_KEY is not the key they were saved with');
  });

  it('`run` uses the embedded store for a workflow referencing credentials', async () => {
    const server = await startRecordingServer();
    try {
      await cli(['credentials', 'import', exportFile], { CREDENTIALS_KEY: 'k1' });
      const workflowFile = join(dir, 'call.json');
      writeFileSync(
        workflowFile,
        JSON.stringify({
          name: 'Call',
          nodes: [
            { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
            {
              name: 'Call',
              type: 'n8n-nodes-base.httpRequest',
              typeVersion: 4.2,
              position: [200, 0],
              parameters: { url: `${server.url}/x`, authentication: 'genericCredentialType', genericAuthType: 'httpBasicAuth', options: {} },
              credentials: { httpBasicAuth: { id: 'aB3dE5fG7hI9jK1l', name: 'Basic login' } },
            },
          ],
          connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
        }),
      );
      const ran = await cli(['run', workflowFile], { CREDENTIALS_KEY: 'k1' });
      expect(JSON.parse(ran.stdout).status).toBe('success');
      expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('ada:pw-secret').toString('base64')}`);
      expect(ran.stdout).not.toContain('pw-secret');
    } finally {
      await server.close();
    }
  });
});
