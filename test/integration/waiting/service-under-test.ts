import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging';
import { buildService, type BuiltService } from '../../../src/server/build-service';
import type { JsonObject } from '../../../src/workflow/json';

export const API_KEY = 'integration-test-key-0123456789abcdef';

/** A folder with `workflows/` (one n8n JSON file each) and `data/` (SQLite): one DATA_DIR. */
export function makeServiceDir(workflows: Record<string, JsonObject>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'automator-waiting-'));
  fs.mkdirSync(path.join(dir, 'workflows'));
  for (const [id, json] of Object.entries(workflows)) {
    fs.writeFileSync(path.join(dir, 'workflows', `${id}.json`), JSON.stringify({ id, name: id, ...json }));
  }
  return dir;
}

/** The whole service over `dir`, started (crash marking, waits, triggers) but not listening. */
export async function bootService(dir: string): Promise<BuiltService> {
  const config = loadConfig(
    { DATA_DIR: 'data', WORKFLOWS_DIR: 'workflows', SIDECAR_API_KEY: API_KEY, LOG_LEVEL: 'error', PUBLIC_URL: 'http://sidecar.test' },
    { cwd: dir },
  );
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const built = buildService(config, { logger: createLogger('error', { stream: silent }), defaultMetrics: false, runningRecordDelayMs: 60_000 });
  await built.start();
  return built;
}

/** Management calls carry the key; webhook and resume calls do not. */
export function api(built: BuiltService) {
  const agent = request(built.app);
  return {
    get: (url: string) => agent.get(url).set('Authorization', `Bearer ${API_KEY}`),
    post: (url: string, body: object = {}) => agent.post(url).set('Authorization', `Bearer ${API_KEY}`).send(body),
    public: agent,
  };
}

/** The path and query of a resume URL (the app is driven in process, not over PUBLIC_URL). */
export function resumePath(resumeUrl: string): string {
  const url = new URL(resumeUrl);
  return `${url.pathname}${url.search}`;
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls GET /executions/:id until the run is no longer running or waiting. */
export async function settled(built: BuiltService, id: string, timeoutMs?: number): Promise<JsonObject> {
  return eventually(async () => {
    const response = await api(built).get(`/executions/${id}`);
    const data = response.body.data as JsonObject;
    return data && data.status !== 'running' && data.status !== 'waiting' ? data : undefined;
  }, timeoutMs);
}

type NodeSpec = [name: string, type: string, parameters?: JsonObject, extra?: JsonObject];

/** n8n export JSON from `[name, type, parameters, extra]` and `[from, to]` edges. */
export function n8nWorkflow(nodes: NodeSpec[], edges: Array<[string, string]>, settings: JsonObject = {}): JsonObject {
  const connections: JsonObject = {};
  for (const [from, to] of edges) connections[from] = { main: [[{ node: to, type: 'main', index: 0 }]] };
  return {
    nodes: nodes.map(([name, type, parameters = {}, extra = {}], index) => ({ name, type, typeVersion: 1, position: [index * 200, 0], parameters, ...extra })),
    connections,
    settings: { executionOrder: 'v1', ...settings },
  };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
