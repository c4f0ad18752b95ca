import fs from 'node:fs';
import type { OdooClient } from '../../../src/odoo/client';
import type { BuiltService } from '../../../src/server/build-service';
import type { WorkflowJson } from '../../../src/workflow/types';
import { LiveCanvases, api, bootOdooService, eventually, liveOdooConfigured, makeDataDir, odooExecution, sidecarClient } from './helpers/live-service';

/*
 * A partial run's link to the execution it started from, read back from Odoo's `partial_of`
 * by a sidecar that never held the run in memory (a second instance on its own DATA_DIR).
 * Runs only with ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD.
 */
const live = liveOdooConfigured ? describe : describe.skip;

const chain = (id: string): WorkflowJson => ({
  id,
  name: id,
  settings: { executionOrder: 'v1' },
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'First', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { mode: 'manual', assignments: { assignments: [{ id: 'a', name: 'n', value: 1, type: 'number' }] }, options: {} } },
    { name: 'Second', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [440, 0], parameters: { mode: 'manual', assignments: { assignments: [{ id: 'b', name: 'm', value: '={{ $json.n + 1 }}', type: 'number' }] }, options: {} } },
  ],
  connections: { Start: { main: [[{ node: 'First', type: 'main', index: 0 }]] }, First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] } },
});

live('partial runs in Odoo mode', () => {
  const built: BuiltService[] = [];
  const dirs: string[] = [];
  let canvases: LiveCanvases;
  let odoo: OdooClient;

  async function boot(): Promise<BuiltService> {
    const dir = makeDataDir();
    dirs.push(dir);
    const service = await bootOdooService(dir, { start: false });
    built.push(service);
    return service;
  }

  beforeAll(() => {
    canvases = new LiveCanvases();
    odoo = sidecarClient();
  });
  afterAll(async () => {
    for (const service of built) await service.shutdown(0);
    await canvases.cleanup();
    await odoo.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GET /executions/:id answers partialOf from Odoo\'s partial_of', async () => {
    const { canvasId } = await canvases.create(chain(`live-partial-${Date.now().toString(36)}`));
    const first = await boot();
    const executed = await api(first).post(`/canvas/${canvasId}/execute`);
    expect(executed.body.status).toBe('success');
    const original = executed.body.executionId as string;
    const partial = await api(first).post(`/executions/${original}/run-node`, { node: 'Second' });
    expect(partial.body.status).toBe('success');
    const partialId = partial.body.executionId as string;
    await eventually(async () => ((await odooExecution(odoo, partialId))?.status === 'success' ? true : undefined), 10_000, 'the partial run in Odoo');

    const second = await boot();
    const read = await api(second).get(`/executions/${partialId}`);
    expect([read.status, read.body.data.partialOf, read.body.data.mode]).toEqual([200, original, 'manual']);
    const listed = await api(second).get(`/executions/${original}`);
    expect(listed.body.data.partialOf).toBeNull();
  }, 60_000);
});
