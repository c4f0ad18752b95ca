import fs from 'node:fs';
import path from 'node:path';
import { utils, write } from '@e965/xlsx';
import { filesHarness, type FilesHarness } from './run-workflow';

const CONVERT = 'n8n-nodes-base.convertToFile';
const EXTRACT = 'n8n-nodes-base.extractFromFile';
const rows = [
  { id: 1, name: 'Ann', tags: { a: 'x' } },
  { id: 2, name: 'Bob', tags: { a: 'y' } },
];

describe('Convert to File and Extract from File', () => {
  let h: FilesHarness;
  beforeAll(() => (h = filesHarness({ inlineMaxBytes: 16 })));
  afterAll(() => h.close());

  it('writes items as CSV (nested keys flattened) and reads them back, streamed from a stored file', async () => {
    const run = await h.run(
      [
        ['To CSV', CONVERT, 1.1, { operation: 'csv', options: {} }],
        // SheetJS writes a UTF-8 BOM, as in n8n; enableBOM strips it on reading.
        ['From CSV', EXTRACT, 1.1, { operation: 'csv', options: { enableBOM: true } }],
      ],
      rows.map((json) => ({ json })),
    );
    const file = h.output(run, 'To CSV');
    expect(file).toHaveLength(1);
    expect(file[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
    expect(file[0].binary?.data).toMatchObject({ mimeType: 'text/csv', fileType: 'text', fileExtension: 'csv', fileName: 'File.csv', data: 'filesystem-v2', bytes: 33 });
    expect((await h.bytesOf(run, 'To CSV', 0, 'data')).toString()).toBe('\ufeffid,name,tags.a\n1,Ann,x\n2,Bob,y');
    expect(h.output(run, 'From CSV').map((item) => item.json)).toEqual([
      { id: '1', name: 'Ann', 'tags.a': 'x' },
      { id: '2', name: 'Bob', 'tags.a': 'y' },
    ]);
  });

  it('reads XLSX sheets as rows and writes XLSX that reads back the same', async () => {
    const run = await h.run(
      [
        ['To XLSX', CONVERT, 1.1, { operation: 'xlsx', options: { sheetName: 'People' } }],
        ['From XLSX', EXTRACT, 1.1, { operation: 'xlsx', options: {} }],
      ],
      rows.map((json) => ({ json })),
    );
    expect(h.output(run, 'To XLSX')[0].binary?.data).toMatchObject({
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileExtension: 'xlsx',
      fileName: 'File.xlsx',
    });
    expect(h.output(run, 'From XLSX').map((item) => item.json)).toEqual([
      { id: 1, name: 'Ann', 'tags.a': 'x' },
      { id: 2, name: 'Bob', 'tags.a': 'y' },
    ]);
  });

  it('turns JSON items into a JSON file and text into a text file, and reads them back', async () => {
    const run = await h.run(
      [
        ['To JSON', CONVERT, 1.1, { operation: 'toJson', mode: 'once', options: { format: true } }],
        ['From JSON', EXTRACT, 1.1, { operation: 'fromJson', destinationKey: 'parsed', options: {} }],
      ],
      [{ json: { a: 1 } }, { json: { b: 'é' } }],
    );
    expect(h.output(run, 'To JSON')[0].binary?.data).toMatchObject({ mimeType: 'application/json', fileType: 'json', fileExtension: 'json', fileName: 'file.json' });
    expect((await h.bytesOf(run, 'To JSON', 0, 'data')).toString()).toBe('[\n  {\n    "a": 1\n  },\n  {\n    "b": "é"\n  }\n]');
    expect(h.output(run, 'From JSON')).toEqual([{ json: { parsed: [{ a: 1 }, { b: 'é' }] }, binary: {}, pairedItem: { item: 0 } }]);
  });

  it('moves base64 to a file and back, sniffing the type of unnamed bytes', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20, 1)]);
    const run = await h.run(
      [
        ['To File', CONVERT, 1.1, { operation: 'toBinary', sourceProperty: 'img', options: {} }],
        ['To Base64', EXTRACT, 1.1, { operation: 'binaryToPropery', options: { keepSource: 'both' } }],
      ],
      [{ json: { img: png.toString('base64') } }],
    );
    expect(h.output(run, 'To File')[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileType: 'image', fileExtension: 'png', fileName: 'file.png', bytes: 28 });
    const back = h.output(run, 'To Base64')[0];
    expect(back.json.data).toBe(png.toString('base64'));
    expect(back.json).toEqual({ data: png.toString('base64') });
    expect(Object.keys(back.binary ?? {})).toEqual(['data']);
  });

  it('fails on an unreadable XLSX with a clear error naming the node and the item', async () => {
    const broken = write({ SheetNames: ['S'], Sheets: { S: utils.json_to_sheet(rows) } }, { bookType: 'xlsx', type: 'buffer' }) as Buffer;
    const truncated = broken.subarray(0, Math.floor(broken.length / 2));
    const run = await h.run(
      [
        ['File', CONVERT, 1.1, { operation: 'toBinary', sourceProperty: 'x', options: { fileName: 'book.xlsx' } }],
        ['Read', EXTRACT, 1.1, { operation: 'xlsx', options: {} }],
      ],
      [{ json: { x: 'AAAA' } }, { json: { x: truncated.toString('base64') } }],
    );
    expect(run.status).toBe('error');
    const error = run.data.resultData.runData.Read[0].error;
    expect(error).toMatchObject({ node: { name: 'Read' } });
    expect(run.data.resultData.error?.message).toBeTruthy();
    expect(JSON.stringify(error)).toMatch(/"itemIndex":[01]/);
  });

  it('keeps the bytes of binary items a Code node hands on unchanged', async () => {
    const run = await h.run(
      [
        ['File', CONVERT, 1.1, { operation: 'toText', sourceProperty: 's', options: {} }],
        ['Code', 'n8n-nodes-base.code', 2, { jsCode: "return $input.all().map(item => ({ json: { seen: item.binary.data.fileName }, binary: item.binary }));" }],
        ['Back', EXTRACT, 1.1, { operation: 'text', options: {} }],
      ],
      [{ json: { s: 'short' } }],
    );
    expect(h.output(run, 'Code')[0].json).toEqual({ seen: 'file.txt' });
    expect(h.output(run, 'Back')[0].json).toEqual({ data: 'short' });
  });

  it('writes nothing to disk it should not: the store holds only this run\'s files', () => {
    const dirs = fs.readdirSync(path.join(h.dataDir, 'binary'));
    expect(dirs.every((name) => /^exec-\d+$/.test(name))).toBe(true);
  });
});
