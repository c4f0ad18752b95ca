import nock from 'nock';
import type { JsonObject } from '../../src/workflow/json';
import { createOdooClient } from '../../src/odoo/client';
import { OdooWorkflowStore } from '../../src/store/odoo/workflow-store';
import { type KwCall, mockCallKw, mockLogin, resultBody } from './helpers/odoo-mock';
import { REPLAY_URL } from './helpers/replay';

const WRITTEN = '2026-01-02 10:00:00';
const WRITTEN_MS = Date.parse('2026-01-02T10:00:00Z');

function canvas(writeDate = WRITTEN): JsonObject {
  return {
    id: 4,
    name: 'Orders',
    workflow_id: 'wf-orders',
    connections: '{}',
    settings: '{}',
    active_workflow: true,
    activated_at: '2026-01-02 09:00:00',
    execution_timeout: 3600,
    save_execution_progress: false,
    save_manual_executions: true,
    save_success_executions: 'all',
    save_error_executions: 'all',
    timezone: false,
    error_workflow_id: false,
    write_date: writeDate,
    node_ids: [
      {
        id: 9, name: 'Start', node_id: 'n-start', type: 'manual', type_version: 0, parameters: '{}', position_x: 0, position_y: 0,
        disabled: false, retry_on_failure: false, max_retries: 3, retry_interval: 1000, continue_on_fail: false, on_error: false,
        always_output_data: false, execute_once: false, notes: false, webhook_id: false, write_date: WRITTEN,
      },
    ],
  };
}

let clock = 0;
let reads: KwCall[];
let current: JsonObject;

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  mockLogin();
  current = canvas();
  // Full loads ask for `name`; the cheap check only for write dates.
  reads = mockCallKw('canvas', 'web_search_read', () => resultBody({ length: 1, records: [current] }));
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function store(revalidateAfterMs = 1000): OdooWorkflowStore {
  return new OdooWorkflowStore({
    client: createOdooClient({ url: REPLAY_URL, db: 'automator', user: 'sidecar', password: 'pw', retries: 0 }),
    revalidateAfterMs,
    now: () => clock,
  });
}

const kinds = () => reads.map((call) => ('name' in (call.args[1] as JsonObject) ? 'load' : 'check'));

describe('OdooWorkflowStore cache', () => {
  it('reuses a definition within revalidateAfterMs, then checks write dates with one small call', async () => {
    clock = WRITTEN_MS + 60_000;
    const workflows = store();
    const first = await workflows.get('4');
    expect(first).toMatchObject({ id: '4', workflowId: 'wf-orders', name: 'Orders', active: true, version: `${WRITTEN}|9@${WRITTEN}` });
    expect(first?.activatedAt?.toISOString()).toBe('2026-01-02T09:00:00.000Z');
    clock += 500;
    expect(await workflows.get('wf-orders')).toBe(first);
    clock += 1000;
    expect(await workflows.get('4')).toBe(first);
    expect(kinds()).toEqual(['load', 'check']);
    expect(reads[1]?.args).toEqual([[['id', '=', 4]], { write_date: {}, workflow_id: {}, node_ids: { fields: { write_date: {} } } }]);
  });

  it('loads again when the canvas or a node changed', async () => {
    clock = WRITTEN_MS + 60_000;
    const workflows = store(0);
    const first = await workflows.get('4');
    current = canvas('2026-01-02 10:05:00');
    const second = await workflows.get('4');
    expect(second).not.toBe(first);
    expect(second?.version).toBe(`2026-01-02 10:05:00|9@${WRITTEN}`);
    expect(kinds()).toEqual(['load', 'check', 'load']);
  });

  it('does not trust an unchanged write_date within two seconds of the write (whole seconds)', async () => {
    clock = WRITTEN_MS + 500;
    const workflows = store(0);
    await workflows.get('4');
    await workflows.get('4');
    clock = WRITTEN_MS + 60_000;
    await workflows.get('4');
    await workflows.get('4');
    expect(kinds()).toEqual(['load', 'load', 'load', 'check']);
  });

  it('reads Odoo again after invalidate, and finds a canvas by id or workflow_id', async () => {
    clock = WRITTEN_MS + 60_000;
    const workflows = store(60_000);
    await workflows.get('wf-orders');
    workflows.invalidate('4');
    await workflows.get('4');
    expect(reads.map((call) => call.args[0])).toEqual([
      [['workflow_id', '=', 'wf-orders']],
      ['|', ['id', '=', 4], ['workflow_id', '=', '4']],
    ]);
    expect((await workflows.nodeRefs('4')).get('Start')).toEqual({ odooId: 9, nodeId: 'n-start' });
  });

  it('answers undefined for a canvas Odoo does not have', async () => {
    nock.cleanAll();
    mockLogin();
    mockCallKw('canvas', 'web_search_read', () => resultBody({ length: 0, records: [] }));
    await expect(store().get('12')).resolves.toBeUndefined();
  });
});
