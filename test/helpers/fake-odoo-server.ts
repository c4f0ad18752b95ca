import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/workflow/json';
import type { WorkflowJson } from '../../src/workflow/types';
import { workflowJsonToCanvasValues } from '../../src/store/odoo/workflow-mapping';

/**
 * A small Odoo 18 on loopback for service-level tests that need Odoo to be slow or to count
 * what reached it: the web session login and `/web/dataset/call_kw` for the calls the
 * sidecar makes on `canvas`, `nodes` and `executions` (search, web_search_read with specs,
 * write, create and the addon's `executions.ingest_batch` and `update_batch`), with the addon's idempotency on
 * `execution_id`. Anything else answers an Odoo error naming the call, so a test sees it.
 */

type Row = JsonObject & { id: number };

/** Relational fields the sidecar reads with a sub-spec: field -> target model. */
const RELATIONS: Record<string, Record<string, string>> = {
  canvas: { node_ids: 'nodes', error_workflow_id: 'canvas' },
  executions: { canvas_id: 'canvas', retry_of: 'executions', retry_success_id: 'executions', parent_execution_id: 'executions', execution_log_ids: 'execution_logs' },
};

const WRITE_DATE = '2026-01-01 00:00:00';

export interface FakeOdooOptions {
  workflows: WorkflowJson[];
  /** How long one `ingest_batch` or `create` of `count` executions takes; calls run one at a time, as on a busy Odoo. */
  ingestDelayMs?: (count: number) => number;
}

export interface CallSeen {
  model: string;
  method: string;
  count: number;
}

export class FakeOdoo {
  url = '';
  readonly tables = new Map<string, Map<number, Row>>();
  /** execution_id -> how many times a call created it (must stay 1). */
  readonly creations = new Map<string, number>();
  readonly calls: CallSeen[] = [];
  readonly unexpected: string[] = [];
  private nextId = 1;
  private server?: http.Server;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly options: FakeOdooOptions) {
    for (const workflow of options.workflows) this.addCanvas(workflow);
  }

  /** Active canvas record of each workflow, in order. */
  canvasIds(): number[] {
    return [...this.table('canvas').keys()];
  }

  executionRows(): Row[] {
    return [...this.table('executions').values()];
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private table(model: string): Map<number, Row> {
    let table = this.tables.get(model);
    if (!table) this.tables.set(model, (table = new Map()));
    return table;
  }

  private addCanvas(workflow: WorkflowJson): void {
    const values = workflowJsonToCanvasValues(workflow);
    const nodeIds: number[] = [];
    for (const command of (values.node_ids as JsonValue[]) ?? []) {
      const nodeValues = (command as JsonValue[])[2] as JsonObject;
      const id = this.nextId++;
      this.table('nodes').set(id, { ...nodeValues, id, write_date: WRITE_DATE });
      nodeIds.push(id);
    }
    const id = this.nextId++;
    this.table('canvas').set(id, { ...values, id, node_ids: nodeIds, active_workflow: true, activated_at: WRITE_DATE, write_date: WRITE_DATE });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const reply = (result: JsonValue, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, result }));
    };
    const path = req.url ?? '';
    if (path === '/web/session/authenticate') {
      reply(
        { uid: 6, is_system: false, is_admin: false, user_context: { lang: 'en_US', tz: false, uid: 6 }, db: 'fake', server_version: '18.0', server_version_info: [18, 0, 0, 'final', 0, ''], name: 'Sidecar', username: 'sidecar' },
        { 'set-cookie': 'session_id=fake-session; HttpOnly; Path=/' },
      );
      return;
    }
    const match = /^\/web\/dataset\/call_kw\/([^/]+)\/([^/?]+)/.exec(path);
    const params = (JSON.parse(body || '{}') as { params?: { args?: JsonValue[]; kwargs?: JsonObject } }).params ?? {};
    if (!match) {
      this.fail(res, `unexpected path ${path}`);
      return;
    }
    const [, model, method] = match as unknown as [string, string, string];
    try {
      reply(await this.call(model, method, params.args ?? [], params.kwargs ?? {}));
    } catch (error) {
      this.fail(res, (error as Error).message);
    }
  }

  private fail(res: http.ServerResponse, message: string): void {
    this.unexpected.push(message);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: 200, message: 'Odoo Server Error', data: { name: 'builtins.ValueError', message, arguments: [message], debug: '' } } }));
  }

  private async call(model: string, method: string, args: JsonValue[], kwargs: JsonObject): Promise<JsonValue> {
    const key = `${model}.${method}`;
    switch (key) {
      case 'executions.ingest_batch':
      case 'executions.create': {
        const batch = (Array.isArray(args[0]) ? args[0] : [args[0]]) as JsonObject[];
        this.calls.push({ model, method, count: batch.length });
        const answer = await this.slowly(batch.length, () => batch.map((values) => this.ingest(values)));
        return method === 'create' ? answer.map((row) => row.id) : answer;
      }
      case 'executions.update_batch': {
        const updates = args[0] as Array<[number, JsonObject]>;
        this.calls.push({ model, method, count: updates.length });
        return this.slowly(updates.length, () => {
          for (const [id, values] of updates) {
            const row = this.table(model).get(id);
            if (!row) throw new Error(`${model} ${id} does not exist`);
            Object.assign(row, this.withoutCommands(values));
          }
          return true;
        });
      }
      case 'executions.write':
      case 'canvas.write':
      case 'nodes.write': {
        this.calls.push({ model, method, count: (args[0] as number[]).length });
        const write = () => {
          for (const id of args[0] as number[]) {
            const row = this.table(model).get(id);
            if (!row) throw new Error(`${model} ${id} does not exist`);
            Object.assign(row, this.withoutCommands(args[1] as JsonObject));
          }
          return true;
        };
        return model === 'executions' ? this.slowly(1, write) : write();
      }
      case 'canvas.search_count':
      case 'executions.search_count':
        return this.search(model, args[0] as JsonValue[]).length;
      case 'canvas.search':
      case 'executions.search':
        return this.search(model, args[0] as JsonValue[]).map((row) => row.id);
      case 'canvas.search_read':
      case 'executions.search_read': {
        const fields = (kwargs.fields as string[] | undefined) ?? [];
        return this.search(model, args[0] as JsonValue[]).map((row) => Object.fromEntries([['id', row.id], ...fields.map((field) => [field, row[field] ?? false])]));
      }
      case 'canvas.web_search_read':
      case 'executions.web_search_read': {
        const rows = this.search(model, args[0] as JsonValue[]);
        const limit = typeof kwargs.limit === 'number' ? kwargs.limit : rows.length;
        return { length: rows.length, records: rows.slice(0, limit).map((row) => this.read(model, row, args[1] as JsonObject)) };
      }
      default:
        throw new Error(`the fake Odoo has no ${key}`);
    }
  }

  /** One heavy call at a time, each taking `ingestDelayMs(count)`. */
  private slowly<T>(count: number, work: () => T): Promise<T> {
    const delay = this.options.ingestDelayMs?.(count) ?? 0;
    const done = this.busy.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return work();
    });
    this.busy = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private ingest(values: JsonObject): { id: number; created: boolean } {
    const executionId = String(values.execution_id);
    const existing = this.search('executions', [['execution_id', '=', executionId]])[0];
    if (existing) return { id: existing.id, created: false };
    const id = this.nextId++;
    this.table('executions').set(id, { ...this.withoutCommands(values), id });
    this.creations.set(executionId, (this.creations.get(executionId) ?? 0) + 1);
    return { id, created: true };
  }

  /** One2many commands are kept as a count of log rows: enough for these tests. */
  private withoutCommands(values: JsonObject): JsonObject {
    const kept: JsonObject = {};
    for (const [field, value] of Object.entries(values)) kept[field] = field.endsWith('_ids') && Array.isArray(value) ? value.length : value;
    return kept;
  }

  private read(model: string, row: Row, spec: JsonObject): JsonObject {
    const result: JsonObject = { id: row.id };
    for (const [field, sub] of Object.entries(spec)) {
      const value = row[field] ?? false;
      const target = RELATIONS[model]?.[field];
      const subSpec = isJsonObject(sub) && isJsonObject(sub.fields) ? sub.fields : undefined;
      if (!target || !subSpec) {
        result[field] = target && Array.isArray(value) ? value : value;
        continue;
      }
      const readOne = (id: JsonValue) => {
        const related = this.table(target).get(id as number);
        return related ? this.read(target, related, subSpec) : false;
      };
      result[field] = Array.isArray(value) ? value.map(readOne) : value === false ? false : readOne(value);
    }
    return result;
  }

  private search(model: string, domain: JsonValue[]): Row[] {
    return [...this.table(model).values()].filter((row) => matches(row, domain));
  }
}

/** Odoo's prefix-notation domains with the leaf operators the sidecar uses. */
function matches(row: Row, domain: JsonValue[]): boolean {
  const stack: boolean[] = [];
  for (const term of [...domain].reverse()) {
    if (term === '|' || term === '&') {
      const a = stack.pop() ?? true;
      const b = stack.pop() ?? true;
      stack.push(term === '|' ? a || b : a && b);
    } else if (term === '!') {
      stack.push(!(stack.pop() ?? true));
    } else {
      stack.push(leaf(row, term as [string, string, JsonValue]));
    }
  }
  return stack.every(Boolean);
}

function leaf(row: Row, [field, operator, value]: [string, string, JsonValue]): boolean {
  const actual = row[field] ?? false;
  switch (operator) {
    case '=':
      return String(actual) === String(value) || actual === value;
    case '!=':
      return actual !== value;
    case 'in':
      return (value as JsonValue[]).some((candidate) => String(candidate) === String(actual));
    case 'not in':
      return !(value as JsonValue[]).some((candidate) => String(candidate) === String(actual));
    case '<=':
      return actual !== false && String(actual) <= String(value);
    case '<':
      return actual !== false && String(actual) < String(value);
    default:
      throw new Error(`the fake Odoo has no domain operator ${operator}`);
  }
}
