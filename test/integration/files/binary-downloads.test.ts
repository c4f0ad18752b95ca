import type { Response } from 'superagent';
import type { WorkflowJson } from '../../../src/workflow/types';
import { AUTH, startTestService, type TestService } from '../helpers/test-service';
import { NOOP, WEBHOOK, chain } from '../helpers/workflows';

const workflows: WorkflowJson[] = [chain('upload-keep', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'keep' }], ['Done', NOOP]])];

/** Bytes of a response body, whatever its content type. */
function bytesOf(response: { body: unknown; text?: string }): Buffer {
  return Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.text ?? '');
}

/** Collects any answer as bytes (supertest would otherwise parse JSON or text). */
const binaryParser = (res: Response, done: (error: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('downloading the binary data of node runs (GET /executions/:id/binary)', () => {
  let service: TestService;
  let executionId: string;
  const report = Buffer.from('id,name\n' + Array.from({ length: 40 }, (_, i) => `${i},row ${i}`).join('\n'));
  const note = Buffer.from('a small note');

  beforeAll(async () => {
    service = await startTestService({ workflows, env: { BINARY_INLINE_MAX_BYTES: '64', MAX_BINARY_BYTES: '4096' } });
    expect((await service.http.post('/canvas/upload-keep/activate').set(AUTH).send({})).status).toBe(200);
    const response = await service.http
      .post('/webhook/keep')
      .attach('report', report, { filename: 'report Q1.csv', contentType: 'text/csv' })
      .attach('note', note, { filename: 'note.txt', contentType: 'text/plain' });
    expect(response.status).toBe(200);
    await service.built.service.drain(2000);
    const list = await service.http.get('/canvas/upload-keep/executions?limit=1').set(AUTH);
    executionId = list.body.data[0].id as string;
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  const download = (query: string, auth = true) => {
    const call = service.http.get(`/executions/${executionId}/binary?${query}`).buffer(true).parse(binaryParser);
    return auth ? call.set(AUTH) : call;
  };

  it('streams a stored file with its type, name and size', async () => {
    const response = await download('node=Webhook&property=report');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="report Q1.csv"');
    expect(response.headers['content-length']).toBe(String(report.length));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(bytesOf(response)).toEqual(report);
  });

  it('serves inline bytes from the run data, for any node that passed the item on', async () => {
    const response = await download('node=Done&run=0&output=0&item=0&property=note');
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename=note.txt');
    expect(bytesOf(response)).toEqual(note);
  });

  it('keeps node-run logs free of inline base64 but with name, type and size', async () => {
    const record = await service.built.stores.executions.get(executionId);
    const log = record?.logs.find((entry) => entry.nodeName === 'Webhook');
    const binary = log?.outputItems[0]?.[0]?.binary;
    expect(binary?.note).toEqual({ mimeType: 'text/plain', fileType: 'text', fileExtension: 'txt', fileName: 'note.txt', fileSize: '12 B', bytes: 12 });
    expect(binary?.report).toMatchObject({ data: 'filesystem-v2', fileName: 'report Q1.csv', bytes: report.length });
    // The run data itself still carries the bytes (what a download reads).
    expect(record?.data.resultData.runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.binary?.note?.data).toBe(note.toString('base64'));
  });

  it('answers 404 naming what is missing, 400 for a bad query, 401 without the key', async () => {
    const missingProperty = await download('node=Webhook&property=photo');
    expect(missingProperty.status).toBe(404);
    expect(JSON.parse(bytesOf(missingProperty).toString())).toEqual({
      success: false,
      error: { code: 'not_found', message: `Item 0 of node "Webhook" (run 0) has no binary property "photo" in execution "${executionId}"` },
    });
    const missingNode = await download('node=Nowhere');
    expect(missingNode.status).toBe(404);
    expect(JSON.parse(bytesOf(missingNode).toString()).error.message).toBe(`Node "Nowhere" did not run in execution "${executionId}"`);
    const badItem = await download('node=Webhook&item=first');
    expect(badItem.status).toBe(400);
    expect(JSON.parse(bytesOf(badItem).toString()).error.message).toBe('Invalid query of GET /executions/:id/binary: item: must be a whole number');
    const missingExecution = await service.http.get('/executions/nope/binary?node=Webhook').set(AUTH);
    expect(missingExecution.status).toBe(404);
    expect((await download('node=Webhook&property=report', false)).status).toBe(401);
  });
});
