import nock from 'nock';
import type { JsonObject } from '../../src/workflow/json';
import { NotFoundError, WorkflowValidationError } from '../../src/errors';
import { createOdooClient } from '../../src/odoo/client';
import { OdooWorkflowTransfer } from '../../src/store/odoo/workflow-transfer';
import { mockCallKw, mockLogin, resultBody } from './helpers/odoo-mock';
import { REPLAY_URL } from './helpers/replay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function transfer(): OdooWorkflowTransfer {
  return new OdooWorkflowTransfer(
    createOdooClient({ url: REPLAY_URL, db: 'automator', user: 'sidecar', password: 'pw', retries: 0 }),
  );
}

describe('importWorkflow', () => {
  it.each([
    ['[]', 'Cannot import the workflow: it is not a JSON object'],
    ['{"connections": {}}', 'Cannot import the workflow: it has no "nodes" list'],
    ['{"nodes": [{"type": "set"}]}', 'Cannot import the workflow: node 0 has no name'],
    ['{"nodes": [{"name": "A"}]}', 'Cannot import the workflow: node "A" has no type'],
    ['{"nodes": [{"name": "A", "type": "set"}, {"name": "A", "type": "code"}]}', 'Cannot import the workflow: two nodes are named "A"'],
    ['{"nodes": [], "connections": []}', 'Cannot import the workflow: "connections" is not an object'],
  ])('refuses %s before calling Odoo', async (json, message) => {
    const error = await transfer().importWorkflow(JSON.parse(json)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect((error as Error).message).toBe(message);
  });

  it('creates canvas and nodes in one call and leaves out an error workflow Odoo does not have', async () => {
    mockLogin();
    const searches = mockCallKw('canvas', 'search', () => resultBody([]));
    const creates = mockCallKw('canvas', 'create', () => resultBody(31));
    mockCallKw('canvas', 'read', () => resultBody([{ id: 31, workflow_id: 'generated-uuid' }]));
    const result = await transfer().importWorkflow({
      name: 'From n8n',
      nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
      connections: {},
      settings: { errorWorkflow: '77' },
    });
    expect(result).toEqual({
      canvasId: 31,
      workflowId: 'generated-uuid',
      warnings: ['error workflow "77" is not in Odoo: the setting was left out'],
    });
    expect(searches[0]?.args).toEqual([['|', ['id', '=', 77], ['workflow_id', '=', '77']]]);
    expect(creates).toHaveLength(1);
    const values = creates[0]?.args[0] as JsonObject;
    expect(values).toMatchObject({ name: 'From n8n', error_workflow_id: false, settings: '{}' });
    expect(values).not.toHaveProperty('workflow_id');
    expect(values.node_ids).toEqual([[0, 0, expect.objectContaining({ name: 'Start', type: 'n8n-nodes-base.manualTrigger', type_version: 1 })]]);
  });
});

describe('exportWorkflow', () => {
  it('says which canvas is missing', async () => {
    mockLogin();
    mockCallKw('canvas', 'web_search_read', () => resultBody({ length: 0, records: [] }));
    const error = await transfer().exportWorkflow(404).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Canvas 404 not found');
    await expect(transfer().exportWorkflow('abc')).rejects.toThrow('Canvas "abc" not found: not a canvas id');
  });
});
