import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { LIGHT_WORKFLOW, heavyWorkflow, runHeavyLight } from '../../src/bench/heavy-light';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { startService, type RunningService } from '../../src/main';
import { API_KEY } from './helpers/test-service';

const quiet = createLogger('error', { stream: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });

/**
 * The acceptance scenario on the real service: heavy Code nodes run off the service
 * thread, so webhooks keep being answered meanwhile. Timing figures (p99) live in
 * `npm run bench`; here only what holds on a loaded machine is asserted.
 */
describe('a heavy Code node does not hold the service', () => {
  let dir: string;
  let running: RunningService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-heavy-'));
    const workflowsDir = path.join(dir, 'workflows');
    fs.mkdirSync(workflowsDir);
    for (const workflow of [heavyWorkflow(3000), LIGHT_WORKFLOW]) fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
    const config = loadConfig(
      { DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: API_KEY, HOST: '127.0.0.1', CODE_TIMEOUT_MS: '60000', CODE_CONCURRENCY: '2' },
      { cwd: dir },
    );
    running = await startService({ config: { ...config, port: 0 }, logger: quiet, overrides: { defaultMetrics: false }, handleSignals: false });
    const activated = await fetch(`${running.url}/canvas/lightHook/activate`, { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
    expect(activated.status).toBe(200);
  });

  afterAll(async () => {
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 200 light webhook calls while two manual runs burn a core each for 3 s, and both heavy runs succeed', async () => {
    const port = Number(new URL(running.url).port);
    const result = await runHeavyLight({ port, apiKey: API_KEY }, { lightCalls: 200, concurrency: 10 });
    expect(result.lightFailed).toBe(0);
    expect(result.lightWrong).toBe(0);
    expect(result.heavyStatuses).toEqual(['success', 'success']);
    // Not serialised behind the heavy runs: light calls were answered while both still burned
    // (with user code on the service thread, none is before the first one ends; on a quiet
    // machine all 200 are, under a loaded test run a few dozen).
    expect(result.lightDoneBeforeHeavy).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
