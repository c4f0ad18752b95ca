import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli-run';
import { readAdminPassword } from '../../../src/odoo-setup/admin-password';
import { parseSetupArgs } from '../../../src/odoo-setup/setup-args';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-input-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

const base = ['odoo', 'setup', '--url', 'http://127.0.0.1:1', '--db', 'd', '--admin-login', 'admin'];

describe('odoo setup input', () => {
  it('parses every option, with defaults', () => {
    expect(parseSetupArgs(['--url', 'http://o:8069/', '--db', 'd', '--admin-login', 'a', '--sidecar-url=http://s:5680/'])).toEqual({
      url: 'http://o:8069',
      db: 'd',
      adminLogin: 'a',
      adminPasswordFile: undefined,
      sidecarUrl: 'http://s:5680',
      sidecarLogin: 'ai-automator-sidecar',
      envFile: '.env',
      showSecrets: false,
    });
  });

  it.each([
    [['odoo', 'setup', '--db', 'd', '--admin-login', 'a'], 'odoo setup: --url is required'],
    [['odoo', 'setup', '--url', 'ftp://x', '--db', 'd', '--admin-login', 'a'], 'odoo setup: --url must be an http(s) URL, got "ftp://x"'],
    [[...base, '--sidecar-url', 'not a url'], 'odoo setup: --sidecar-url must be an http(s) URL, got "not a url"'],
    [[...base, '--bogus'], 'odoo setup: unknown option "--bogus"'],
    [[...base, '--env-file'], 'odoo setup: --env-file needs a value'],
  ])('%j: exit 2 and one line saying what is wrong', async (argv, line) => {
    const result = await cli(argv, { ODOO_ADMIN_PASSWORD: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(line);
  });

  it('without a password source and no terminal: exit 2 before any network call', async () => {
    const result = await cli(base);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'odoo setup: no admin password: give --admin-password-file or ODOO_ADMIN_PASSWORD (no terminal to prompt on)\n',
    });
  });

  it('an unknown odoo subcommand is a usage error', async () => {
    const result = await cli(['odoo', 'teardown']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('unknown odoo command "teardown": only "odoo setup" exists');
  });

  it('reads the password from the file first line, then the environment, then the prompt', async () => {
    const file = path.join(dir, 'pw');
    fs.writeFileSync(file, 's3cret\nignored\n');
    await expect(readAdminPassword(file, { ODOO_ADMIN_PASSWORD: 'env' }, undefined)).resolves.toBe('s3cret');
    await expect(readAdminPassword(undefined, { ODOO_ADMIN_PASSWORD: 'env' }, undefined)).resolves.toBe('env');
    await expect(readAdminPassword(undefined, {}, async (question) => `typed for ${question}`)).resolves.toBe('typed for Odoo admin password: ');
    await expect(readAdminPassword(path.join(dir, 'absent'), {}, undefined)).rejects.toThrow(`cannot read --admin-password-file ${dir}/absent: ENOENT`);
    fs.writeFileSync(path.join(dir, 'empty'), '\n');
    await expect(readAdminPassword(path.join(dir, 'empty'), {}, undefined)).rejects.toThrow(`--admin-password-file ${dir}/empty is empty`);
  });
});
