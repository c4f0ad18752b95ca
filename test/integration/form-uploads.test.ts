import type { JsonObject } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { NOOP, chain } from './helpers/workflows';

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';

/** The workflow of the live differential (n8n 2.40.7 HTTP server): every expectation below is what n8n produced. */
const files: WorkflowJson = chain('form-files', [
  [
    'Form',
    FORM_TRIGGER,
    {
      formTitle: 'Files',
      formFields: {
        values: [
          { fieldLabel: 'Name', requiredField: true },
          { fieldLabel: 'Upload One', fieldType: 'file', multipleFiles: false },
          { fieldLabel: 'Many Files', fieldType: 'file', multipleFiles: true },
          { fieldLabel: 'Empty File', fieldType: 'file', multipleFiles: true },
          { fieldLabel: 'Required File', fieldType: 'file', requiredField: true },
        ],
      },
      options: { path: 'files' },
    },
    { typeVersion: 2.3 },
  ],
  ['Done', NOOP],
]);

type Run = { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: JsonObject; binary?: Record<string, JsonObject> }>> } }>> } } };

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ workflows: [files] });
  expect((await service.http.post('/canvas/form-files/activate').set(AUTH).send({})).status).toBe(200);
});
afterAll(async () => {
  await service.close();
  service.cleanup();
});

async function latestRun(): Promise<Run> {
  await service.built.service.drain(3000);
  const list = await service.http.get('/canvas/form-files/executions?limit=1').set(AUTH);
  return (await service.http.get(`/executions/${list.body.data[0].id}`).set(AUTH)).body.data as Run;
}

describe('form file fields (multipart, as n8n\'s form posts)', () => {
  it('turns uploads into binary properties and describes them in the item, as n8n', async () => {
    const sent = await service.http
      .post('/form/files')
      .field('field-0', 'Bea')
      .attach('field-1', Buffer.from('hello file\n'), { filename: 'a.txt', contentType: 'text/plain' })
      .attach('field-2', Buffer.from('hello file\n'), { filename: 'a.txt', contentType: 'text/plain' })
      .attach('field-2', Buffer.from('second,file\n1,2\n'), { filename: 'b.csv', contentType: 'text/csv' })
      .attach('field-3', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' })
      .attach('field-4', Buffer.from('%PDF-1.4'), { filename: 'r.pdf', contentType: 'application/pdf' });
    expect(sent.status).toBe(200);
    const item = (await latestRun()).data.resultData.runData.Form[0].data.main[0][0];
    const { submittedAt: _at, ...json } = item.json;
    expect(json).toEqual({
      Name: 'Bea',
      'Upload One': { filename: 'a.txt', mimetype: 'text/plain', size: 11 },
      'Many Files': [
        { filename: 'a.txt', mimetype: 'text/plain', size: 11 },
        { filename: 'b.csv', mimetype: 'text/csv', size: 16 },
      ],
      'Empty File': null,
      // multipleFiles defaults to true in n8n: one file still comes as a list.
      'Required File': [{ filename: 'r.pdf', mimetype: 'application/pdf', size: 8 }],
      formMode: 'production',
    });
    const binary = item.binary ?? {};
    expect(Object.keys(binary)).toEqual(['Upload_One', 'Many_Files_0', 'Many_Files_1', 'Required_File']);
    const meta = (name: string) => ({ mimeType: binary[name].mimeType, fileName: binary[name].fileName, fileExtension: binary[name].fileExtension, fileType: binary[name].fileType, fileSize: binary[name].fileSize });
    expect(meta('Upload_One')).toEqual({ mimeType: 'text/plain', fileName: 'a.txt', fileExtension: 'txt', fileType: 'text', fileSize: '11 B' });
    expect(meta('Many_Files_1')).toEqual({ mimeType: 'text/csv', fileName: 'b.csv', fileExtension: 'csv', fileType: 'text', fileSize: '16 B' });
    expect(Buffer.from(String(binary.Many_Files_1.data), 'base64').toString()).toBe('second,file\n1,2\n');
  });

  it('refuses a submission without a required file, and starts nothing', async () => {
    const before = (await service.http.get('/canvas/form-files/executions').set(AUTH)).body.total as number;
    const refused = await service.http.post('/form/files').field('field-0', 'Bea');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<p class="error" id="field-4-error">This field is required</p>');
    expect((await service.http.get('/canvas/form-files/executions').set(AUTH)).body.total).toBe(before);
  });
});
