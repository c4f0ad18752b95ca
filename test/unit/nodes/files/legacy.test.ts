import { filesHarness, type FilesHarness } from './run-workflow';

describe('legacy Move Binary Data and Spreadsheet File', () => {
  let h: FilesHarness;
  beforeAll(() => (h = filesHarness()));
  afterAll(() => h.close());

  it('Move Binary Data turns JSON into a file and back (v1.1 names the file)', async () => {
    const run = await h.run(
      [
        ['To Binary', 'n8n-nodes-base.moveBinaryData', 1.1, { mode: 'jsonToBinary', options: {} }],
        ['To JSON', 'n8n-nodes-base.moveBinaryData', 1.1, { mode: 'binaryToJson', options: {} }],
      ],
      [{ json: { a: 1, b: 'x' } }],
    );
    expect(h.output(run, 'To Binary')).toEqual([
      {
        json: {},
        binary: { data: { mimeType: 'application/json', fileType: 'json', fileExtension: 'json', data: Buffer.from('{"a":1,"b":"x"}').toString('base64'), fileSize: '15 B', bytes: 15, fileName: 'file.json' } },
        pairedItem: { item: 0 },
      },
    ]);
    expect(h.output(run, 'To JSON')).toEqual([{ json: { a: 1, b: 'x' }, binary: {}, pairedItem: { item: 0 } }]);
  });

  it('Spreadsheet File v2 writes and reads CSV; v1 reads with SheetJS (numbers typed)', async () => {
    const run = await h.run(
      [
        ['To File', 'n8n-nodes-base.spreadsheetFile', 2, { operation: 'toFile', fileFormat: 'csv', binaryPropertyName: 'data', options: { delimiter: ';' } }],
        ['Read v2', 'n8n-nodes-base.spreadsheetFile', 2, { operation: 'fromFile', fileFormat: 'autodetect', binaryPropertyName: 'data', options: { delimiter: ';', enableBOM: true } }],
      ],
      [{ json: { n: 1, s: 'a' } }, { json: { n: 2, s: 'b' } }],
    );
    expect(h.output(run, 'To File')[0].binary?.data).toMatchObject({ fileName: 'spreadsheet.csv', mimeType: 'text/csv' });
    expect(h.output(run, 'Read v2').map((item) => item.json)).toEqual([{ n: '1', s: 'a' }, { n: '2', s: 'b' }]);
    const v1 = await h.run(
      [
        ['To File', 'n8n-nodes-base.spreadsheetFile', 1, { operation: 'toFile', fileFormat: 'xlsx', binaryPropertyName: 'data', options: {} }],
        ['Read v1', 'n8n-nodes-base.spreadsheetFile', 1, { operation: 'fromFile', binaryPropertyName: 'data', options: {} }],
      ],
      [{ json: { n: 1, s: 'a' } }],
    );
    expect(h.output(v1, 'Read v1').map((item) => item.json)).toEqual([{ n: 1, s: 'a' }]);
  });
});
