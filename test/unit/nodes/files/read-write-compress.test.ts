import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import type { Run } from '../../../../src/contracts/run-data';
import { filesHarness, type FilesHarness } from './run-workflow';

const RW = 'n8n-nodes-base.readWriteFile';
const COMPRESS = 'n8n-nodes-base.compression';
const CONVERT = 'n8n-nodes-base.convertToFile';

function failure(run: Run, node: string) {
  expect(run.status).toBe('error');
  const error = run.data.resultData.runData[node][0].error;
  expect(error?.node?.name).toBe(node);
  return error;
}

describe('Read/Write Files from Disk, confined to FILES_DIR', () => {
  let h: FilesHarness;
  let outside: string;
  beforeAll(() => {
    h = filesHarness({ inlineMaxBytes: 8, maxBytes: 1000 });
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(h.filesDir, 'link-dir'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(h.filesDir, 'link-file.txt'));
  });
  afterAll(() => {
    h.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('writes binary to a file (folders made) and reads it back with n8n\'s item', async () => {
    const run = await h.run(
      [
        ['Text', CONVERT, 1.1, { operation: 'toText', sourceProperty: 's', options: { fileName: 'note.txt' } }],
        ['Write', RW, 1.1, { operation: 'write', fileName: 'out/2026/note.txt', dataPropertyName: 'data', options: {} }],
        ['Read', RW, 1.1, { operation: 'read', fileSelector: 'out/2026/*.txt', options: {} }],
      ],
      [{ json: { s: 'hello files' } }],
    );
    expect(fs.readFileSync(path.join(h.filesDir, 'out/2026/note.txt'), 'utf8')).toBe('hello files');
    expect(h.output(run, 'Write')[0].json).toEqual({ fileName: 'out/2026/note.txt' });
    const read = h.output(run, 'Read')[0];
    expect(read.json).toEqual({ mimeType: 'text/plain', fileType: 'text', fileName: 'note.txt', fileExtension: 'txt', fileSize: '11 B' });
    expect(read.binary?.data).toMatchObject({ directory: 'out/2026', fileName: 'note.txt', bytes: 11, data: 'filesystem-v2' });
  });

  it.each([
    ['../outside.txt', /contains "\.\."/],
    ['a/../../x.txt', /contains "\.\."/],
    ['link-dir/new.txt', /symbolic link/],
    ['link-file.txt', /symbolic link/],
  ])('refuses to write %s, writing nothing outside FILES_DIR', async (fileName, reason) => {
    const run = await h.run(
      [
        ['Text', CONVERT, 1.1, { operation: 'toText', sourceProperty: 's', options: {} }],
        ['Write', RW, 1.1, { operation: 'write', fileName, dataPropertyName: 'data', options: {} }],
      ],
      [{ json: { s: 'pwned' } }],
    );
    const error = failure(run, 'Write');
    expect(error?.message).toBe('Access to the file is not allowed.');
    expect(error?.description).toMatch(reason);
    expect(fs.readdirSync(outside)).toEqual(['secret.txt']);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect(fs.existsSync(path.join(path.dirname(h.filesDir), 'outside.txt'))).toBe(false);
  });

  it.each([[`/etc/passwd`], ['link-file.txt'], ['link-dir/secret.txt'], ['../files/x']])('refuses to read %s', async (fileSelector) => {
    const run = await h.run([['Read', RW, 1.1, { operation: 'read', fileSelector, options: {} }]]);
    expect(failure(run, 'Read')?.message).toBe('Access to the file is not allowed.');
  });

  it('fails a file over MAX_BINARY_BYTES, naming node and item, keeping nothing of it', async () => {
    fs.writeFileSync(path.join(h.filesDir, 'big.bin'), Buffer.alloc(2000));
    const run = await h.run([['Read', RW, 1.1, { operation: 'read', fileSelector: 'big.bin', options: {} }]]);
    const error = failure(run, 'Read');
    expect(error?.message).toBe('The file is larger than MAX_BINARY_BYTES (1000 bytes) [item 0]');
    const stored = fs.readdirSync(path.join(h.dataDir, 'binary'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(stored.every((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).size < 1000)).toBe(true);
  });

  it('fails clearly when FILES_DIR is not set', async () => {
    const bare = filesHarness({ filesDir: false });
    try {
      const run = await bare.run([['Read', RW, 1.1, { operation: 'read', fileSelector: 'x.txt', options: {} }]]);
      expect(failure(run, 'Read')?.message).toBe('Reading and writing files is disabled on this service: FILES_DIR is not set');
    } finally {
      bare.close();
    }
  });
});

describe('Compression', () => {
  let h: FilesHarness;
  beforeAll(() => (h = filesHarness({ inlineMaxBytes: 8, maxBytes: 5000 })));
  afterAll(() => h.close());

  it('zips binary properties and unzips them back with n8n\'s names', async () => {
    const run = await h.run(
      [
        ['A', CONVERT, 1.1, { operation: 'toText', sourceProperty: 'a', binaryPropertyName: 'a', options: { fileName: 'a.txt' } }],
        ['Zip', COMPRESS, 1.1, { operation: 'compress', binaryPropertyName: 'a', outputFormat: 'zip', fileName: 'bundle.zip', binaryPropertyOutput: 'archive' }],
        ['Unzip', COMPRESS, 1.1, { operation: 'decompress', binaryPropertyName: 'archive', outputPrefix: 'file_' }],
      ],
      [{ json: { a: 'alpha alpha alpha' } }],
    );
    expect(h.output(run, 'Zip')[0].binary?.archive).toMatchObject({ mimeType: 'application/zip', fileName: 'bundle.zip', fileExtension: 'zip' });
    const unzipped = h.output(run, 'Unzip')[0];
    expect(Object.keys(unzipped.binary ?? {})).toEqual(['file_0']);
    expect(unzipped.binary?.file_0).toMatchObject({ fileName: 'a.txt', mimeType: 'text/plain', bytes: 17 });
    expect((await h.bytesOf(run, 'Unzip', 0, 'file_0')).toString()).toBe('alpha alpha alpha');
  });

  it('gzips (v1.1 naming) and gunzips', async () => {
    const run = await h.run(
      [
        ['Text', CONVERT, 1.1, { operation: 'toText', sourceProperty: 's', options: { fileName: 'report.csv' } }],
        ['Gzip', COMPRESS, 1.1, { operation: 'compress', binaryPropertyName: 'data', outputFormat: 'gzip', binaryPropertyOutput: 'data' }],
        ['Gunzip', COMPRESS, 1.1, { operation: 'decompress', binaryPropertyName: 'data', outputPrefix: 'file_' }],
      ],
      [{ json: { s: 'a,b\n1,2' } }],
    );
    expect(h.output(run, 'Gzip')[0].binary?.data).toMatchObject({ fileName: 'report.csv.gz', mimeType: 'application/gzip', fileExtension: 'gz' });
    expect(h.output(run, 'Gunzip')[0].binary?.file_0).toMatchObject({ fileName: 'report.csv', fileExtension: 'csv', mimeType: 'text/csv' });
    expect((await h.bytesOf(run, 'Gunzip', 0, 'file_0')).toString()).toBe('a,b\n1,2');
  });

  it('fails on a truncated zip and on an archive that inflates past MAX_BINARY_BYTES', async () => {
    const archive = Buffer.from(zipSync({ 'a.txt': new Uint8Array(Buffer.from('x'.repeat(100))) }));
    const bomb = Buffer.from(zipSync({ 'big.txt': new Uint8Array(20_000) }));
    for (const [bytes, message] of [
      [archive.subarray(0, archive.length - 10), 'invalid zip data'],
      [bomb, 'The decompressed data is larger than MAX_BINARY_BYTES (5000 bytes)'],
    ] as const) {
      const run = await h.run(
        [
          ['File', CONVERT, 1.1, { operation: 'toBinary', sourceProperty: 'z', options: { fileName: 'in.zip' } }],
          ['Unzip', COMPRESS, 1.1, { operation: 'decompress', binaryPropertyName: 'data', outputPrefix: 'file_' }],
        ],
        [{ json: { z: bytes.toString('base64') } }],
      );
      expect(failure(run, 'Unzip')?.message).toBe(message);
    }
    expect(gzipSync).toBeDefined();
  });
});
