import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../../../src/config';
import { createLogger } from '../../../../src/logging';
import { createOdooClient, type OdooClient } from '../../../../src/odoo/client';
import { buildService, type BuiltService } from '../../../../src/server/build-service';
import { OdooWorkflowTransfer } from '../../../../src/store/odoo/workflow-transfer';
import type { JsonObject, JsonValue } from '../../../../src/workflow/json';
import type { WorkflowJson } from '../../../../src/workflow/types';

/*
 * The whole sidecar in Odoo mode against the live Odoo of the environment (ODOO_URL, ODOO_DB,
 * ODOO_USER, ODOO_PASSWORD), on its own temporary DATA_DIR and driven in process by
 * supertest: it never listens, so it cannot collide with a sidecar already on PORT.
 */

const env = process.env;

/** The live tests run only when the sidecar's Odoo login is configured. */
export const liveOdooConfigured = Boolean(env.ODOO_URL && env.ODOO_DB && env.ODOO_USER && env.ODOO_PASSWORD);

export const LIVE_API_KEY = 'live-long-running-test-key-0123456789';
export const LIVE_PUBLIC_URL = 'http://sidecar.live.test';

/** The sidecar's own Odoo user (the technical user, which may read executions and logs). */
export function sidecarClient(): OdooClient {
  return createOdooClient({
    url: env.ODOO_URL as string,
    db: env.ODOO_DB as string,
    user: env.ODOO_USER as string,
    password: env.ODOO_PASSWORD as string,
    transport: 'session',
  });
}

/** The admin login when given (it may create and delete canvases), else the sidecar's. */
export function adminClient(): OdooClient {
  if (!env.ODOO_ADMIN_USER || !env.ODOO_ADMIN_PASSWORD) return sidecarClient();
  return createOdooClient({
    url: env.ODOO_URL as string,
    db: env.ODOO_DB as string,
    user: env.ODOO_ADMIN_USER,
    password: env.ODOO_ADMIN_PASSWORD,
    transport: 'session',
  });
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-live-long-'));
}

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

/**
 * buildService as main.ts composes it, in Odoo mode. `start` runs the start-up chores
 * (crash marking, picking waits up from Odoo, active triggers): they act on every execution
 * of the Odoo database, so only the tests that need them ask for them.
 */
export async function bootOdooService(dataDir: string, options: { start: boolean; env?: Record<string, string> }): Promise<BuiltService> {
  const config = loadConfig({
    ...options.env,
    ODOO_URL: env.ODOO_URL,
    ODOO_DB: env.ODOO_DB,
    ODOO_USER: env.ODOO_USER,
    ODOO_PASSWORD: env.ODOO_PASSWORD,
    DATA_DIR: dataDir,
    SIDECAR_API_KEY: LIVE_API_KEY,
    PUBLIC_URL: LIVE_PUBLIC_URL,
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const built = buildService(config, { logger: createLogger('error', { stream: silent }), defaultMetrics: false });
  if (options.start) await built.start();
  return built;
}

/** Management calls carry the key; resume calls are public. */
export function api(built: BuiltService) {
  const agent = request(built.app);
  return {
    get: (url: string) => agent.get(url).set('Authorization', `Bearer ${LIVE_API_KEY}`),
    post: (url: string, body: object = {}) => agent.post(url).set('Authorization', `Bearer ${LIVE_API_KEY}`).send(body),
    public: agent,
  };
}

/** The path and query of a resume URL (the app is called in process, not at PUBLIC_URL). */
export function resumePath(resumeUrl: string): string {
  const url = new URL(resumeUrl);
  return `${url.pathname}${url.search}`;
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Canvases created for a test file, deleted (with their executions, by cascade) at the end. */
export class LiveCanvases {
  private readonly created: number[] = [];
  private readonly admin = adminClient();

  /** Creates the canvas as admin; answers its record id and its workflow_id. */
  async create(workflow: WorkflowJson): Promise<{ canvasId: number; workflowId: string }> {
    const imported = await new OdooWorkflowTransfer(this.admin).importWorkflow(workflow);
    this.created.push(imported.canvasId);
    return { canvasId: imported.canvasId, workflowId: imported.workflowId };
  }

  async cleanup(): Promise<void> {
    if (this.created.length > 0) await this.admin.unlink('canvas', this.created);
    await this.admin.close();
  }
}

/** `executions` as Odoo holds them (read by the sidecar's user), with the fields the tests check. */
export interface OdooExecutionRow extends JsonObject {
  id: number;
  execution_id: string;
  status: string;
  mode: string;
  finished: boolean;
  resume_url: string | false;
  wait_till: string | false;
  execution_data: string | false;
  last_node_executed: string | false;
  parent_execution_id: [number, string] | false;
  canvas_id: [number, string] | false;
}

const EXECUTION_FIELDS = ['execution_id', 'status', 'mode', 'finished', 'resume_url', 'wait_till', 'execution_data', 'last_node_executed', 'parent_execution_id', 'canvas_id'];

export async function odooExecutions(client: OdooClient, domain: JsonValue[]): Promise<OdooExecutionRow[]> {
  return client.searchRead<OdooExecutionRow>('executions', domain, { fields: EXECUTION_FIELDS, order: 'id' });
}

export async function odooExecution(client: OdooClient, executionId: string): Promise<OdooExecutionRow | undefined> {
  return (await odooExecutions(client, [['execution_id', '=', executionId]]))[0];
}

/** `execution_logs` of one execution in the order the nodes ran: [node, run index, status]. */
export async function odooLogs(client: OdooClient, executionRecordId: number): Promise<Array<[string, number, string]>> {
  const rows = await client.searchRead<{ id: number; node_name: string; run_index: number; status: string; sequence: number }>(
    'execution_logs',
    [['execution_id', '=', executionRecordId]],
    { fields: ['node_name', 'run_index', 'status', 'sequence'], order: 'sequence, id' },
  );
  return rows.map((row) => [row.node_name, row.run_index, row.status]);
}

type RunDataJson = { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: JsonObject }> | null> } }>> } };

/** The items (json only) a node output on its first output in its last run, from execution_data. */
export function nodeOutput(executionData: string | false, node: string): JsonObject[] | undefined {
  if (executionData === false) return undefined;
  const runs = (JSON.parse(executionData) as RunDataJson).resultData.runData[node];
  return runs?.[runs.length - 1]?.data?.main?.[0]?.map((item) => item.json);
}

/** A loopback HTTP server answering every request with `{"answer": "late"}` after `delayMs`. */
export async function startSlowServer(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    setTimeout(() => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ answer: 'late' }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slow`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
