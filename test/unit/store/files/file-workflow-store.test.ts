import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotFoundError, WorkflowValidationError } from '../../../../src/errors';
import { FileWorkflowStore } from '../../../../src/store/files';
import { openSqliteStore, type SqliteStore } from '../../../../src/store/sqlite';

const manualNode = { name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const ordersJson = { id: 'wf-orders', name: 'Orders', nodes: [manualNode], connections: {}, settings: { timezone: 'UTC' } };

interface LogLine {
  level: 'error' | 'warn';
  message: string;
  meta?: Record<string, unknown>;
}

describe('FileWorkflowStore', () => {
  let dir: string;
  let sqlite: SqliteStore;
  let logs: LogLine[];
  let store: FileWorkflowStore;

  const write = (fileName: string, content: unknown) =>
    fs.writeFileSync(path.join(dir, fileName), typeof content === 'string' ? content : JSON.stringify(content));
  const versionOf = (fileName: string) => {
    const stats = fs.statSync(path.join(dir, fileName), { bigint: true });
    return `${stats.mtimeNs}-${stats.size}`;
  };
  const problemOf = async (key: string) => {
    try {
      await store.get(key);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
    sqlite = openSqliteStore({ file: ':memory:' });
    logs = [];
    store = new FileWorkflowStore({
      directory: dir,
      rescanIntervalMs: 0,
      activation: sqlite.activation,
      logger: {
        error: (message, meta) => logs.push({ level: 'error', message, meta }),
        warn: (message, meta) => logs.push({ level: 'warn', message, meta }),
      },
    });
  });
  afterEach(async () => {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists one workflow per JSON file, id from the file or its name, in file name order', async () => {
    write('orders.json', ordersJson);
    write('hello.json', { nodes: [manualNode], connections: {} });
    write('notes.txt', 'ignored');
    write('.hidden.json', ordersJson);
    fs.mkdirSync(path.join(dir, 'sub.json'));
    expect(await store.list()).toStrictEqual([
      {
        id: 'hello',
        workflowId: 'hello',
        name: 'hello',
        json: { nodes: [manualNode], connections: {}, id: 'hello', name: 'hello', active: false },
        active: false,
        version: versionOf('hello.json'),
      },
      {
        id: 'wf-orders',
        workflowId: 'wf-orders',
        name: 'Orders',
        json: { ...ordersJson, active: false },
        active: false,
        version: versionOf('orders.json'),
      },
    ]);
    expect(logs).toEqual([]);
  });

  it('gets a workflow by id or by file name, and undefined for an unknown one', async () => {
    write('orders.json', ordersJson);
    expect((await store.get('wf-orders'))?.name).toBe('Orders');
    expect((await store.get('orders'))?.id).toBe('wf-orders');
    expect(await store.get('unknown')).toBeUndefined();
  });

  it('accepts a numeric id, a byte-order mark and a missing connections object', async () => {
    write('numbered.json', `\uFEFF${JSON.stringify({ id: 42, name: '', nodes: [] })}`);
    expect((await store.get('42'))?.json).toStrictEqual({ id: '42', name: '42', nodes: [], connections: {}, active: false });
  });

  it('re-reads a file that changed, and sees files come and go', async () => {
    write('orders.json', ordersJson);
    const before = await store.get('wf-orders');
    write('orders.json', { ...ordersJson, name: 'Orders v2' });
    const after = await store.get('wf-orders');
    expect(after?.name).toBe('Orders v2');
    expect(after?.version).toBe(versionOf('orders.json'));
    expect(after?.version).not.toBe(before?.version);
    write('extra.json', { nodes: [] });
    expect((await store.list()).map((workflow) => workflow.id)).toEqual(['extra', 'wf-orders']);
    fs.rmSync(path.join(dir, 'orders.json'));
    expect((await store.list()).map((workflow) => workflow.id)).toEqual(['extra']);
    expect(await store.get('wf-orders')).toBeUndefined();
  });

  it('hands out copies: changing one does not change the next', async () => {
    write('orders.json', ordersJson);
    const first = await store.get('wf-orders');
    first?.json.nodes.pop();
    expect((await store.get('wf-orders'))?.json.nodes).toHaveLength(1);
  });

  it('skips a malformed file, logs it once, and explains it when asked for', async () => {
    write('orders.json', ordersJson);
    write('broken.json', '{"nodes": [');
    expect((await store.list()).map((workflow) => workflow.id)).toEqual(['wf-orders']);
    expect((await store.list()).map((workflow) => workflow.id)).toEqual(['wf-orders']);
    expect(logs).toEqual([
      {
        level: 'error',
        message: "Workflow file 'broken.json' is not valid JSON: Unexpected end of JSON input (the file is skipped)",
        meta: { file: 'broken.json' },
      },
    ]);
    const error = await problemOf('broken');
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect(error).toMatchObject({
      message: "Workflow file 'broken.json' is not valid JSON: Unexpected end of JSON input",
      code: 'bad_request',
      details: { workflow: 'broken.json' },
    });
    write('broken.json', { nodes: [], name: 'Fixed' });
    expect((await store.get('broken'))?.name).toBe('Fixed');
  });

  it.each([
    ['not json', "is not valid JSON: Unexpected token 'o', \"not json\" is not valid JSON"],
    ['[{"nodes": []}]', 'must hold one workflow as a JSON object, got an array'],
    ['null', 'must hold one workflow as a JSON object, got null'],
    ['"text"', 'must hold one workflow as a JSON object, got a string'],
    ['{"name": "x"}', "has no 'nodes' array"],
    ['{"nodes": [], "connections": []}', "has 'connections' that is not an object"],
    ['{"nodes": [], "id": {"a": 1}}', "has an 'id' that is neither a string nor a number"],
  ])('refuses %s', async (content, reason) => {
    write('bad.json', content);
    await expect(store.get('bad')).rejects.toThrow(new WorkflowValidationError(`Workflow file 'bad.json' ${reason}`));
  });

  it('keeps the first file to claim an id and reports the others', async () => {
    write('a.json', ordersJson);
    write('b.json', { ...ordersJson, name: 'Copy' });
    expect((await store.list()).map((workflow) => [workflow.id, workflow.name])).toEqual([['wf-orders', 'Orders']]);
    expect(logs.map((line) => line.message)).toEqual([
      "Workflow file 'b.json' has id 'wf-orders', already used by 'a.json' (the file is skipped)",
    ]);
    await expect(store.get('b')).rejects.toThrow("Workflow file 'b.json' has id 'wf-orders', already used by 'a.json'");
  });

  it("takes a file's own `active` until the API (de)activates it, then keeps that in SQLite, not in the file", async () => {
    write('orders.json', { ...ordersJson, active: true });
    expect((await store.get('wf-orders'))?.active).toBe(true);
    write('hello.json', { nodes: [manualNode], connections: {} });
    expect((await store.get('hello'))?.active).toBe(false);
    await store.setActive('wf-orders', false, new Date());
    expect((await store.get('wf-orders'))?.active).toBe(false);
    const at = new Date(Date.UTC(2025, 4, 1, 12));
    await store.setActive('orders', true, at);
    const active = await store.get('wf-orders');
    expect([active?.active, active?.activatedAt, active?.json.active]).toEqual([true, at, true]);
    expect(sqlite.activation.getActivation('wf-orders')).toStrictEqual({ active: true, activatedAt: at });
    expect((await store.list()).find((workflow) => workflow.id === 'wf-orders')).toMatchObject({ active: true, activatedAt: at });
    await store.setActive('wf-orders', false, new Date());
    expect(await store.get('wf-orders')).toMatchObject({ active: false });
    expect(await store.get('wf-orders')).not.toHaveProperty('activatedAt');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'orders.json'), 'utf8')).active).toBe(true);
  });

  it('refuses to activate an unknown workflow', async () => {
    await expect(store.setActive('ghost', true, new Date())).rejects.toThrow(
      new NotFoundError(`Workflow 'ghost' not found in ${dir}`),
    );
  });

  it('reuses its last look at the folder within the rescan interval', async () => {
    let now = 1000;
    const cached = new FileWorkflowStore({ directory: dir, activation: sqlite.activation, logger: console, now: () => now });
    write('orders.json', ordersJson);
    expect((await cached.get('wf-orders'))?.name).toBe('Orders');
    write('orders.json', { ...ordersJson, name: 'Orders v2' });
    now += 499;
    expect((await cached.get('wf-orders'))?.name).toBe('Orders');
    now += 1;
    expect((await cached.get('wf-orders'))?.name).toBe('Orders v2');
  });

  it('serves nothing from a missing folder and warns once', async () => {
    const missing = new FileWorkflowStore({
      directory: path.join(dir, 'missing'),
      rescanIntervalMs: 0,
      activation: sqlite.activation,
      logger: { error: () => undefined, warn: (message) => logs.push({ level: 'warn', message }) },
    });
    expect(await missing.list()).toEqual([]);
    expect(await missing.get('x')).toBeUndefined();
    expect(logs).toEqual([
      {
        level: 'warn',
        message: `Workflow folder ${path.join(dir, 'missing')} cannot be read (ENOENT: no such file or directory, scandir '${path.join(dir, 'missing')}'): no workflows are served`,
      },
    ]);
  });
});
