import fs from 'node:fs';
import path from 'node:path';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { MANUAL, SET, chain, set } from './helpers/workflows';

describe('n8n JSON import and export (embedded mode: files in WORKFLOWS_DIR)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });

  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('imports a workflow as a file named after its id, runs it and exports it back', async () => {
    const workflow = { ...chain('imported-1', [['Start', MANUAL], ['Set', SET, set({ from: 'import' })]]), active: true };
    const imported = await service.http.post('/canvas/import').set(AUTH).send({ workflow, name: 'Imported from n8n' });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ success: true, data: { canvasId: 'imported-1', workflowId: 'imported-1', warnings: [] } });
    const file = JSON.parse(fs.readFileSync(path.join(service.workflowsDir, 'imported-1.json'), 'utf8'));
    expect(file).toMatchObject({ id: 'imported-1', name: 'Imported from n8n' });
    // Activation lives in the database, never in the user's file.
    expect(file.active).toBeUndefined();
    expect((await service.http.post('/canvas/imported-1/execute').set(AUTH).send({})).body.status).toBe('success');
    const exported = await service.http.get('/canvas/imported-1/export').set(AUTH);
    expect(exported.status).toBe(200);
    expect(exported.body.success).toBe(true);
    expect(exported.body.data).toMatchObject({ id: 'imported-1', name: 'Imported from n8n', active: false, nodes: workflow.nodes, connections: workflow.connections });
  });

  it('gives a workflow without a usable id one made from its name', async () => {
    const workflow = { ...chain('x', [['Start', MANUAL]]), id: '../etc/passwd', name: 'Daily Report: Sales!' };
    const imported = await service.http.post('/canvas/import').set(AUTH).send({ workflow });
    expect(imported.body.data).toEqual({ canvasId: 'daily-report-sales', workflowId: 'daily-report-sales', warnings: ['workflow id "../etc/passwd" cannot be a file name: a new id was given'] });
    expect(fs.existsSync(path.join(service.workflowsDir, 'daily-report-sales.json'))).toBe(true);
  });

  it('refuses a workflow that could not run, and bad bodies', async () => {
    const unknownType = await service.http.post('/canvas/import').set(AUTH).send({ workflow: chain('broken', [['Start', MANUAL], ['Mystery', 'n8n-nodes-base.doesNotExist']]) });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error).toEqual({ code: 'bad_request', message: 'Node "Mystery" has an unknown type "n8n-nodes-base.doesNotExist"' });
    expect(fs.existsSync(path.join(service.workflowsDir, 'broken.json'))).toBe(false);
    const missing = await service.http.post('/canvas/import').set(AUTH).send({ name: 'nothing' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Invalid body of POST /canvas/import: workflow: Required');
    expect((await service.http.get('/canvas/unknown/export').set(AUTH)).body.error).toEqual({ code: 'not_found', message: 'Workflow "unknown" was not found' });
  });
});
