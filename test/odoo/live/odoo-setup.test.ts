import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createOdooClient, OdooRightsError } from '../../../src/odoo';
import { loadConfig } from '../../../src/config';
import { openHealthProbe } from '../../../src/odoo-setup/health-probe';
import { runOdooSetupCommand } from '../../../src/odoo-setup/setup-command';
import { checkOdooLoginRights } from '../../../src/server/startup-rights';

/**
 * `odoo setup` against the live Odoo of the environment (ODOO_URL, ODOO_DB with the addon on
 * the addons path, ODOO_ADMIN_USER / ODOO_ADMIN_PASSWORD). It makes its own technical login
 * (archived at the end) and puts the sidecar URL and key settings back as they were.
 */
const env = process.env;
const live = env.ODOO_URL && env.ODOO_DB && env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD ? describe : describe.skip;
const stamp = Date.now().toString(36);
const login = `setup-live-${stamp}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-setup-live-'));
const envFile = path.join(dir, '.env');
const SETTINGS = ['ai_automator.sidecar_url', 'ai_automator.sidecar_api_key'];

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

live('odoo setup against a live Odoo 18', () => {
  const admin = () => createOdooClient({ url: env.ODOO_URL as string, db: env.ODOO_DB as string, user: env.ODOO_ADMIN_USER as string, password: env.ODOO_ADMIN_PASSWORD as string, transport: 'session' });
  let port = 0;
  let savedSettings: Array<string | false> = [];

  async function setup(...extra: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runOdooSetupCommand(
      ['--url', env.ODOO_URL as string, '--db', env.ODOO_DB as string, '--admin-login', env.ODOO_ADMIN_USER as string, '--sidecar-login', login, '--sidecar-url', `http://127.0.0.1:${port}`, '--env-file', envFile, ...extra],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: { ODOO_ADMIN_PASSWORD: env.ODOO_ADMIN_PASSWORD } },
      { createClient: createOdooClient, randomSecret: () => `${stamp}-${Math.random().toString(36).slice(2)}`, openHealthProbe, env: { PORT: String(port) } },
    );
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    port = await freePort();
    const client = admin();
    savedSettings = await Promise.all(SETTINGS.map((key) => client.call<string | false>('ir.config_parameter', 'get_param', [key])));
    await client.close();
  });

  afterAll(async () => {
    const client = admin();
    for (const [index, key] of SETTINGS.entries()) await client.call('ir.config_parameter', 'set_param', [key, savedSettings[index] ?? false]);
    const users = await client.search('res.users', [['login', '=', login]]);
    if (users.length > 0) await client.write('res.users', users, { active: false });
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('wires the sidecar, then finds nothing to change', async () => {
    const first = await setup();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`user ${login}: created in "Sidecar (technical)", password set\n`);
    const written = fs.readFileSync(envFile, 'utf8');
    expect(written).toContain(`ODOO_USER=${login}\n`);
    const password = /ODOO_PASSWORD=(.+)/.exec(written)?.[1] as string;
    expect(first.stdout).not.toContain(password);

    const second = await setup();
    expect(second.code).toBe(0);
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe('nothing to change: Odoo and the sidecar were already set up');
    expect(fs.readFileSync(envFile, 'utf8')).toBe(written);

    // The service's own start-up check accepts the login setup made.
    const config = loadConfig({ ODOO_URL: env.ODOO_URL, ODOO_DB: env.ODOO_DB, ODOO_USER: login, ODOO_PASSWORD: password, DATA_DIR: dir });
    const warnings: string[] = [];
    await checkOdooLoginRights(config, { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => 0, debug: () => 0 });
    expect(warnings).toEqual([]);

    // Without the group, the same login is refused at start with the group named.
    const client = admin();
    const [userId] = await client.search('res.users', [['login', '=', login]]);
    const [group] = await client.searchRead('ir.model.data', [['module', '=', 'the_ai_automator'], ['name', '=', 'group_ai_automator_sidecar']], { fields: ['res_id'] });
    await client.write('res.users', [userId as number], { groups_id: [[3, group?.res_id as number]] });
    await client.close();
    const refused = await checkOdooLoginRights(config, { warn: () => 0, error: () => 0, info: () => 0, debug: () => 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OdooRightsError);
    expect((refused as Error).message).toContain(`Odoo user "${login}" (database "${env.ODOO_DB}") is not in the group "Sidecar (technical)"`);

    // ... and the next setup run puts the group back.
    const repaired = await setup();
    expect(repaired.stdout).toContain(`user ${login}: groups set to exactly "Sidecar (technical)" (and Internal User)\n`);
  }, 300_000); // the first run may install or upgrade the addon

  it.each([
    [['--admin-password-file', '/dev/null'], /^odoo setup: --admin-password-file \/dev\/null is empty\n$/],
    [['--db', 'no_such_db_for_setup'], /^odoo setup: database "no_such_db_for_setup" not found on the Odoo at /],
    [['--sidecar-url', 'http://127.0.0.1:1'], /^odoo setup: Odoo cannot reach the sidecar at http:\/\/127\.0\.0\.1:1\/healthz: /],
  ])('bad input %j: one line, exit 2, .env untouched', async (extra, line) => {
    const before = fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : null;
    const result = await setup(...extra);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(line);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : null).toBe(before);
  });

  it('a wrong admin password: one line, exit 2', async () => {
    const result = await runOdooSetupCommand(
      ['--url', env.ODOO_URL as string, '--db', env.ODOO_DB as string, '--admin-login', env.ODOO_ADMIN_USER as string, '--env-file', envFile],
      { stdout: () => undefined, stderr: (text) => expect(text).toMatch(/^odoo setup: Odoo at .* refused the login ".*" with that password/), env: { ODOO_ADMIN_PASSWORD: 'certainly-wrong' } },
    );
    expect(result).toBe(2);
  });
});
