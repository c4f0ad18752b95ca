import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnvFile, updateEnvFile } from '../../../src/odoo-setup/env-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let count = 0;
const fresh = (content?: string) => {
  const file = path.join(dir, `env-${++count}`);
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
};

describe('.env update', () => {
  it('changes lines in place, keeps comments and other variables, appends new ones, removes the asked ones', () => {
    const file = fresh('# mine\nPORT=5680\nODOO_USER=old\nODOO_API_KEY=stale\nexport ODOO_DB=old_db\n');
    const change = updateEnvFile(file, { ODOO_USER: 'sidecar', ODOO_DB: 'prod', SIDECAR_API_KEY: 'k e"y' }, ['ODOO_API_KEY']);
    expect(change).toEqual({ changed: ['ODOO_USER', 'ODOO_DB', 'SIDECAR_API_KEY'], removed: ['ODOO_API_KEY'] });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      "# mine\nPORT=5680\nODOO_USER=sidecar\nODOO_DB=prod\n# Written by `node dist/cli.js odoo setup`\nSIDECAR_API_KEY='k e\"y'\n",
    );
    expect(readEnvFile(file)).toEqual({ PORT: '5680', ODOO_USER: 'sidecar', ODOO_DB: 'prod', SIDECAR_API_KEY: 'k e"y' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('creates a missing file, and leaves a file that is already right untouched', () => {
    const file = fresh();
    expect(updateEnvFile(file, { A: '1' })).toEqual({ changed: ['A'], removed: [] });
    const before = fs.statSync(file).mtimeMs;
    fs.utimesSync(file, new Date(0), new Date(0));
    expect(updateEnvFile(file, { A: '1' })).toEqual({ changed: [], removed: [] });
    expect(fs.statSync(file).mtimeMs).toBe(0);
    expect(before).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("quotes with a quote the value lacks, and refuses what .env cannot hold", () => {
    const file = fresh();
    updateEnvFile(file, { A: "it's", B: "it's \"x\"", C: 'plain' });
    expect(readEnvFile(file)).toEqual({ A: "it's", B: "it's \"x\"", C: 'plain' });
    expect(() => updateEnvFile(file, { D: 'two\nlines' })).toThrow("D's value cannot be written to a .env file (it holds a line break or every kind of quote)");
    expect(readEnvFile(file)).toEqual({ A: "it's", B: "it's \"x\"", C: 'plain' });
  });

  it('reads an absent file as empty', () => {
    expect(readEnvFile(path.join(dir, 'absent'))).toEqual({});
  });
});
