import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BinaryNotFoundError, BinaryTooLargeError, FileBinaryStore } from '../../../src/binary';
import { sweepBinaryData } from '../../../src/housekeeping/binary-sweep';

describe('FileBinaryStore (n8n filesystem mode)', () => {
  let dir: string;
  let store: FileBinaryStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binary-store-'));
    store = new FileBinaryStore({ directory: dir, inlineMaxBytes: 8, maxBytes: 100 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps small files inline and describes them as prepareBinaryData does', async () => {
    const binary = await store.fromBuffer('exec-1', Buffer.from('a,b'), { filePath: 'exports/list.csv' });
    expect(binary).toEqual({ mimeType: 'text/csv', fileType: 'text', fileExtension: 'csv', data: 'YSxi', directory: 'exports', fileName: 'list.csv', fileSize: '3 B', bytes: 3 });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect((await store.toBuffer(binary)).toString()).toBe('a,b');
  });

  it('writes larger files under <dir>/<executionId>/ and reads them back by id, as buffer or stream', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    const binary = await store.fromStream('exec-2', Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { mimeType: 'application/octet-stream' });
    expect(binary).toEqual({ mimeType: 'application/octet-stream', fileExtension: 'bin', data: 'filesystem-v2', id: expect.stringMatching(/^filesystem-v2:exec-2\/[0-9a-f-]{36}$/), fileSize: '16 B', bytes: 16 });
    expect(fs.readdirSync(path.join(dir, 'exec-2'))).toHaveLength(1);
    expect(await store.toBuffer(binary)).toEqual(bytes);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.toStream(binary)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('stops a stream past MAX_BINARY_BYTES and leaves no partial file', async () => {
    const source = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(10, i);
    })());
    await expect(store.fromStream('exec-3', source, {})).rejects.toThrow(new BinaryTooLargeError(100));
    expect(fs.readdirSync(path.join(dir, 'exec-3'))).toEqual([]);
    await expect(store.fromBuffer('exec-3', Buffer.alloc(101), {})).rejects.toThrow('The file is larger than MAX_BINARY_BYTES (100 bytes)');
  });

  it('refuses ids it did not make (no path outside its directory) and says when a file is gone', async () => {
    for (const id of ['filesystem-v2:../etc/passwd', 'filesystem-v2:exec/../../x', 's3:exec/abc', 'filesystem-v2:/etc/passwd']) {
      await expect(store.toBuffer({ data: 'filesystem-v2', mimeType: 'text/plain', id })).rejects.toThrow(BinaryNotFoundError);
    }
    const binary = await store.fromBuffer('exec-4', Buffer.alloc(50), {});
    await store.deleteExecutions(['exec-4']);
    await expect(store.toBuffer(binary)).rejects.toThrow(/no longer exists/);
  });

  it('sweeps the files of executions that are no longer stored, past a grace period', async () => {
    await store.fromBuffer('kept', Buffer.alloc(50), {});
    await store.fromBuffer('pruned', Buffer.alloc(50), {});
    await store.fromBuffer('young', Buffer.alloc(50), {});
    const old = Date.now() / 1000 - 3600;
    fs.utimesSync(path.join(dir, 'kept'), old, old);
    fs.utimesSync(path.join(dir, 'pruned'), old, old);
    const executions = { get: async (id: string) => (id === 'kept' ? ({ id } as never) : undefined) };
    expect(await sweepBinaryData(store, executions, Date.now(), 60_000)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['kept', 'young']);
  });
});
