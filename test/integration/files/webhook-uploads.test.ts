import fs from 'node:fs';
import path from 'node:path';
import type { JsonObject } from '../../../src/workflow/json';
import type { WorkflowJson } from '../../../src/workflow/types';
import { AUTH, startTestService, type TestService } from '../helpers/test-service';
import { NOOP, RESPOND, WEBHOOK, chain } from '../helpers/workflows';

const workflows: WorkflowJson[] = [
  chain('upload-echo', [
    ['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'upload', responseMode: 'responseNode' }],
    ['Respond', RESPOND, { respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'report', options: {} }],
  ]),
  chain('raw-file', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'raw', responseMode: 'lastNode', responseData: 'firstEntryBinary' }], ['Done', NOOP]]),
  chain('renamed', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'renamed', options: { binaryPropertyName: 'file' } }], ['Done', NOOP]]),
];

type Run = { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject; binary?: Record<string, JsonObject> }>> } }>> } } };

describe('webhook uploads into binary data', () => {
  let service: TestService;
  let binaryDir: string;
  const latest = async (canvas: string): Promise<{ id: string } & Run> => {
    await service.built.service.drain(2000);
    const list = await service.http.get(`/canvas/${canvas}/executions?limit=1`).set(AUTH);
    return (await service.http.get(`/executions/${list.body.data[0].id}`).set(AUTH)).body.data;
  };
  const filesUnder = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)) : [];

  beforeAll(async () => {
    service = await startTestService({ workflows, env: { BINARY_INLINE_MAX_BYTES: '64', MAX_BINARY_BYTES: '4096', MAX_BODY_BYTES: '2048' } });
    binaryDir = path.join(service.dir, 'data', 'binary');
    for (const workflow of workflows) expect((await service.http.post(`/canvas/${workflow.id}/activate`).set(AUTH).send({})).status).toBe(200);
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('stores multipart files (large ones on disk, by id), keeps the fields, and answers with a file streamed back', async () => {
    const report = Buffer.from('id,name\n' + Array.from({ length: 20 }, (_, i) => `${i},row ${i}`).join('\n'));
    const response = await service.http
      .post('/webhook/upload')
      .field('customer', 'ACME')
      .field('tags', 'a')
      .field('tags', 'b')
      .attach('report', report, { filename: 'report.csv', contentType: 'text/csv' })
      .attach('note', Buffer.from('hi'), { filename: 'note.txt', contentType: 'text/plain' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv');
    expect(Buffer.from(response.text)).toEqual(report);

    const run = await latest('upload-echo');
    const item = run.data.resultData.runData.Webhook[0].data.main[0][0];
    expect(item.json.body).toEqual({ customer: 'ACME', tags: ['a', 'b'] });
    expect(item.binary?.report).toEqual({
      mimeType: 'text/csv',
      fileType: 'text',
      fileExtension: 'csv',
      data: 'filesystem-v2',
      fileName: 'report.csv',
      id: expect.stringMatching(new RegExp(`^filesystem-v2:${run.id}/[0-9a-f-]{36}$`)),
      fileSize: `${report.length} B`,
      bytes: report.length,
    });
    // Small files stay inline, as before.
    expect(item.binary?.note).toEqual({ mimeType: 'text/plain', fileType: 'text', fileExtension: 'txt', data: Buffer.from('hi').toString('base64'), fileName: 'note.txt', fileSize: '2 B', bytes: 2 });
    const stored = filesUnder(path.join(binaryDir, run.id));
    expect(stored).toHaveLength(1);
    expect(fs.readFileSync(stored[0])).toEqual(report);
  });

  it('turns a file body into binary data and answers firstEntryBinary from the stored file', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 7)]);
    const response = await service.http.post('/webhook/raw').set('Content-Type', 'application/pdf').set('Content-Disposition', 'attachment; filename="invoice.pdf"').send(pdf);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.body).toEqual(pdf);
    const run = await latest('raw-file');
    const binary = run.data.resultData.runData.Webhook[0].data.main[0][0].binary?.data;
    expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'invoice.pdf', fileExtension: 'pdf', data: 'filesystem-v2', bytes: pdf.length, fileSize: '509 B' });
  });

  it('names multipart files <binaryPropertyName><n> when that option is set', async () => {
    await service.http.post('/webhook/renamed').attach('a', Buffer.from('one'), 'one.txt').attach('b', Buffer.from('two'), 'two.txt').expect(200);
    const run = await latest('renamed');
    expect(Object.keys(run.data.resultData.runData.Webhook[0].data.main[0][0].binary ?? {})).toEqual(['file0', 'file1']);
  });

  it('refuses a file over MAX_BINARY_BYTES with 413, keeps nothing of it, and keeps serving', async () => {
    const before = filesUnder(binaryDir).length;
    const tooBig = await service.http.post('/webhook/raw').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(5000, 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toEqual({ success: false, error: { code: 'payload_too_large', message: 'The file is larger than MAX_BINARY_BYTES (4096 bytes)' } });
    const multipart = await service.http.post('/webhook/upload').attach('report', Buffer.alloc(5000, 2), 'big.bin');
    expect(multipart.status).toBe(413);
    expect(filesUnder(binaryDir)).toHaveLength(before);
    const ok = await service.http.post('/webhook/raw').set('Content-Type', 'application/octet-stream').send(Buffer.from('small'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(Buffer.from('small'));
  });
});
