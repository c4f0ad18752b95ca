import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { startService } from '../../src/main';
import { openSqliteStore } from '../../src/store/sqlite';
import { integrationNodeTypes } from './helpers/test-node-types';
import { API_KEY } from './helpers/test-service';
import { WEBHOOK, chain } from './helpers/workflows';

const quiet = createLogger('error', { stream: new Writable({ write: (_chunk, _encoding, callback) => callback() }) });

describe('graceful shutdown', () => {
  it('stops accepting, finishes the in-flight run, answers its caller and saves it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-shutdown-'));
    const workflowsDir = path.join(dir, 'workflows');
    fs.mkdirSync(workflowsDir);
    fs.writeFileSync(path.join(workflowsDir, 'slow.json'), JSON.stringify(chain('slow', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'slow', responseMode: 'lastNode' }], ['Sleep', 'test.sleep', { ms: 300 }]])));
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: API_KEY, SHUTDOWN_TIMEOUT_MS: '5000' }, { cwd: dir });
    const running = await startService({ config: { ...config, port: 0 }, logger: quiet, overrides: { extraNodeTypes: integrationNodeTypes, defaultMetrics: false }, handleSignals: false });
    try {
      const activate = await fetch(`${running.url}/canvas/slow/activate`, { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
      expect(activate.status).toBe(200);
      const inFlight = fetch(`${running.url}/webhook/slow`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' });
      // The call has reached the service once its run is in flight.
      while (running.built.service.runningCount === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(running.built.service.runningCount).toBe(1);
      const stopped = running.stop();
      // New connections are refused once shutdown began.
      await expect(fetch(`${running.url}/healthz`)).rejects.toThrow('fetch failed');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ body: { n: 1 }, slept: 300, executionMode: 'production' });
      await stopped;
      expect(running.built.service.runningCount).toBe(0);
      const store = openSqliteStore({ dataDir: path.join(dir, 'data') });
      const { rows } = await store.executions.list({ canvasId: 'slow', limit: 10, offset: 0 });
      expect(rows.map((row) => [row.mode, row.status, row.finished])).toEqual([['production', 'success', true]]);
      await store.close();
    } finally {
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancels runs still going when SHUTDOWN_TIMEOUT_MS passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-shutdown-'));
    const workflowsDir = path.join(dir, 'workflows');
    fs.mkdirSync(workflowsDir);
    fs.writeFileSync(path.join(workflowsDir, 'stuck.json'), JSON.stringify(chain('stuck', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 'stuck' }], ['Sleep', 'test.sleep', { ms: 60_000 }]])));
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), WORKFLOWS_DIR: workflowsDir, SIDECAR_API_KEY: API_KEY, SHUTDOWN_TIMEOUT_MS: '100' }, { cwd: dir });
    const running = await startService({ config: { ...config, port: 0 }, logger: quiet, overrides: { extraNodeTypes: integrationNodeTypes, defaultMetrics: false }, handleSignals: false });
    try {
      await fetch(`${running.url}/canvas/stuck/activate`, { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
      expect((await fetch(`${running.url}/webhook/stuck`, { method: 'POST' })).status).toBe(200);
      // A 60 s run: stopping returns within the test's timeout only because the run is cancelled.
      await running.stop();
      const store = openSqliteStore({ dataDir: path.join(dir, 'data') });
      const { rows } = await store.executions.list({ canvasId: 'stuck', limit: 10, offset: 0 });
      expect(rows.map((row) => [row.status, row.errorMessage])).toEqual([['cancelled', 'The execution was cancelled because the service shut down']]);
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
