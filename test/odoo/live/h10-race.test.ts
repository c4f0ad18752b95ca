import http from 'node:http';
import { LiveCanvases, api, bootOdooService, eventually, makeDataDir, odooExecutions, sidecarClient } from './helpers/live-service';
import { chainWorkflow, childWorkflow, manualTrigger, setNode } from './helpers/long-running-workflows';

it('race', async () => {
  const server = http.createServer((_q, r) => setTimeout(() => { r.setHeader('content-type','application/json'); r.end('{"ok":1}'); }, 300));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const port = (server.address() as { port: number }).port;
  const stamp = `race-${Date.now().toString(36)}`;
  const canvases = new LiveCanvases();
  const child = await canvases.create(childWorkflow(`${stamp}-child`));
  const parent = await canvases.create(chainWorkflow(`${stamp}-parent`, 'race parent', [
    manualTrigger,
    setNode('Make Item', [['n', '3', 'number']]),
    ['Call Child', 'n8n-nodes-base.executeWorkflow', 1.2, { source: 'database', workflowId: { __rl: true, value: child.workflowId, mode: 'id' }, options: {} }],
    ['Slow', 'n8n-nodes-base.httpRequest', 4.2, { url: `http://127.0.0.1:${port}/slow`, options: {} }],
  ]));
  const built = await bootOdooService(makeDataDir(), { start: false });
  const executed = await api(built).post(`/canvas/${parent.canvasId}/execute`);
  console.log(executed.body);
  await new Promise((r) => setTimeout(r, 1500));
  const rows = await odooExecutions(sidecarClient(), [['canvas_id', 'in', [child.canvasId, parent.canvasId]]]);
  console.log(rows.map((r) => [r.execution_id, r.status, r.mode, r.parent_execution_id]));
  await built.shutdown(0);
  await canvases.cleanup();
  server.close();
});
