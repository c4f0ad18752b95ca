import type { Run } from '../../../../src/contracts/run-data';
import { filesHarness, type FilesHarness } from './run-workflow';

const CODE = 'n8n-nodes-base.code';
const CONVERT = 'n8n-nodes-base.convertToFile';

function failure(run: Run, node: string): string | undefined {
  expect(run.status).toBe('error');
  return run.data.resultData.runData[node]?.[0]?.error?.message;
}

describe("Code node: n8n's binary helpers across the sandbox boundary", () => {
  let h: FilesHarness;
  beforeAll(() => {
    // 16 bytes inline at most: most files below are stored on disk and referenced by id.
    h = filesHarness({ inlineMaxBytes: 16, maxBytes: 4096 });
  });
  afterAll(() => h.close());

  const text = 'name,total\nACME,12\nGlobex,30\n';

  it('reads a stored file with helpers.getBinaryDataBuffer and makes a new one with this.helpers.prepareBinaryData', async () => {
    const run = await h.run(
      [
        ['File', CONVERT, 1.1, { operation: 'toText', sourceProperty: 's', options: { fileName: 'totals.csv' } }],
        [
          'Code',
          CODE,
          2,
          {
            jsCode: [
              "const bytes = await helpers.getBinaryDataBuffer(0, 'data');",
              "const upper = Buffer.from(bytes.toString('utf8').toUpperCase());",
              "const made = await this.helpers.prepareBinaryData(upper, 'TOTALS.csv', 'text/csv');",
              'return [{ json: { isBuffer: Buffer.isBuffer(bytes), length: bytes.length }, binary: { upper: made } }];',
            ].join('\n'),
          },
        ],
      ],
      [{ json: { s: text } }],
    );
    const [item] = h.output(run, 'Code');
    expect(item?.json).toEqual({ isBuffer: true, length: text.length });
    expect(item?.binary?.upper).toMatchObject({ mimeType: 'text/csv', fileType: 'text', fileExtension: 'csv', fileName: 'TOTALS.csv', data: 'filesystem-v2', fileSize: `${text.length} B`, bytes: text.length });
    expect((await h.bytesOf(run, 'Code', 0, 'upper')).toString()).toBe(text.toUpperCase());
  });

  it('keeps small files inline, per item, with setBinaryDataBuffer and binaryToString', async () => {
    const run = await h.run(
      [
        [
          'Code',
          CODE,
          2,
          {
            mode: 'runOnceForEachItem',
            jsCode: [
              "const meta = { mimeType: 'text/plain', fileName: 'n.txt' };",
              'await helpers.setBinaryDataBuffer(meta, Buffer.from(String($json.n)));',
              'const back = await helpers.binaryToString(Buffer.from("héllo"));',
              'return { json: { back }, binary: { data: meta } };',
            ].join('\n'),
          },
        ],
      ],
      [{ json: { n: 1 } }, { json: { n: 22 } }],
    );
    const items = h.output(run, 'Code');
    expect(items.map((item) => item.json)).toEqual([{ back: 'héllo' }, { back: 'héllo' }]);
    expect(items[1]?.binary?.data).toEqual({ mimeType: 'text/plain', fileName: 'n.txt', data: Buffer.from('22').toString('base64'), fileSize: '2 B', bytes: 2 });
  });

  it('fails naming the node when the item has no such binary property, and refuses helpers it does not have', async () => {
    const missing = await h.run([['Code', CODE, 2, { jsCode: "await helpers.getBinaryDataBuffer(0, 'report');\nreturn [];" }]], [{ json: {} }]);
    expect(failure(missing, 'Code')).toBe("This operation expects the node's input data to contain a binary file 'report', but none was found [item 0]");
    const http = await h.run([['Code', CODE, 2, { jsCode: "await this.helpers.httpRequest({ url: 'http://x' });\nreturn [];" }]], [{ json: {} }]);
    expect(failure(http, 'Code')).toBe('helpers.httpRequest is not supported in the Code node on this service [line 1]');
  });

  it('refuses a file over MAX_BINARY_BYTES made by user code, naming the limit', async () => {
    const run = await h.run([['Code', CODE, 2, { jsCode: "const big = Buffer.from('x'.repeat(5000));\nreturn [{ json: {}, binary: { data: await helpers.prepareBinaryData(big, 'big.txt') } }];" }]], [{ json: {} }]);
    expect(failure(run, 'Code')).toMatch(/larger than MAX_BINARY_BYTES \(4096 bytes\)/);
  });
});
