import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Outbox } from '../../../src/odoo/outbox';

/** One process per outbox file: a second live process is refused, a dead one's file is taken over. */
describe('Odoo outbox ownership', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-owner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ownerFile = () => path.join(dir, 'odoo-outbox.sqlite.owner');

  it('refuses a DATA_DIR whose outbox another live process holds, naming it and what to do', () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(ownerFile(), `${os.hostname()} ${other.pid}`);
      expect(() => new Outbox({ dataDir: dir })).toThrow(
        `Another process (${os.hostname()} ${other.pid}) uses the Odoo outbox in this DATA_DIR (${ownerFile()}); give each main and each worker a DATA_DIR of its own`,
      );
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the outbox of a process that is gone, keeping its pending writes', async () => {
    const first = new Outbox({ dataDir: dir });
    first.put('exec:1', 'save', '{"status":"success"}');
    first.close();
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    fs.writeFileSync(ownerFile(), `${os.hostname()} ${gone.pid}`);
    const second = new Outbox({ dataDir: dir });
    try {
      expect(second.all().map((entry) => entry.key)).toEqual(['exec:1']);
      expect(fs.readFileSync(ownerFile(), 'utf8')).toBe(`${os.hostname()} ${process.pid}`);
    } finally {
      second.close();
    }
    expect(fs.existsSync(ownerFile())).toBe(false);
  });

  it('refuses a file another host refreshed lately and takes one it stopped refreshing', () => {
    fs.writeFileSync(ownerFile(), 'another-host 1');
    expect(() => new Outbox({ dataDir: dir })).toThrow(/Another process \(another-host 1\)/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(ownerFile(), old, old);
    const outbox = new Outbox({ dataDir: dir });
    outbox.close();
  });
});
