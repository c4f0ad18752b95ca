import { performance } from 'node:perf_hooks';
import type { OdooClient } from '../odoo/client';
import type { JsonObject } from '../workflow/json';
import type { WorkflowJson } from '../workflow/types';
import { LIGHT_WORKFLOW } from './heavy-light';

/**
 * Sustained webhook load on a service in Odoo mode, above what Odoo takes: the acceptance of
 * a bounded backlog (OUTBOX_MAX_PENDING). Used by `npm run bench` (60 s, the service in its own
 * process) and by the live test (shorter, in process): every call must be answered 200 or 503
 * with Retry-After, none lost or timed out, the outbox never above its bound, every 200 in Odoo
 * exactly once afterwards, and the outbox file under 10 MB once drained.
 */

/**
 * The light webhook of the heavy/light bench (Webhook -> Set, answering the last node), on
 * its own path, its Set node also answering the execution id.
 */
export function sustainedLoadWorkflow(stamp: string): WorkflowJson {
  const { id: _id, ...light } = structuredClone(LIGHT_WORKFLOW);
  const [webhook, stampNode] = light.nodes as [WorkflowJson['nodes'][number], WorkflowJson['nodes'][number]];
  webhook.webhookId = `${stamp}-hook`;
  webhook.parameters = { ...webhook.parameters, path: `sustained-${stamp}` };
  const assignments = (stampNode.parameters?.assignments as { assignments: JsonObject[] }).assignments;
  assignments.unshift({ id: 'l0', name: 'executionId', value: '={{ $execution.id }}', type: 'string' });
  return { ...light, name: `Sustained load ${stamp}` };
}

/** What GET /outbox answers (the fields the acceptance reads). */
export interface OutboxFigures {
  pending: number;
  maxPending: number;
  fileBytes: number;
  deadLetters: number;
}

export interface SustainedLoadOptions {
  /** The service's base URL, e.g. http://127.0.0.1:PORT. */
  baseUrl: string;
  webhookPath: string;
  apiKey: string;
  seconds: number;
  connections: number;
  /** A call not answered within this counts as timed out. */
  requestTimeoutMs?: number;
}

export interface SustainedLoadResult {
  seconds: number;
  calls: number;
  /** Execution ids answered 200, in answer order. */
  accepted: string[];
  refused: number;
  /** 503 answers without `Retry-After`. */
  refusedWithoutRetryAfter: number;
  /** Any other status, a 200 without an execution id, a network error: each named. */
  failures: string[];
  timedOut: number;
  /** Highest outbox pending count seen (sampled every 50 ms from GET /outbox). */
  maxPendingSeen: number;
  maxPending: number;
  maxFileBytesSeen: number;
  acceptedPerSecond: number;
}

async function outboxFigures(options: SustainedLoadOptions): Promise<OutboxFigures> {
  const response = await fetch(`${options.baseUrl}/outbox`, { headers: { authorization: `Bearer ${options.apiKey}` } });
  if (response.status !== 200) throw new Error(`GET /outbox answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: OutboxFigures }).data;
}

/** `connections` loops calling the webhook for `seconds`, the outbox sampled meanwhile. */
export async function driveSustainedLoad(options: SustainedLoadOptions): Promise<SustainedLoadResult> {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const result: SustainedLoadResult = {
    seconds: 0,
    calls: 0,
    accepted: [],
    refused: 0,
    refusedWithoutRetryAfter: 0,
    failures: [],
    timedOut: 0,
    maxPendingSeen: 0,
    maxPending: 0,
    maxFileBytesSeen: 0,
    acceptedPerSecond: 0,
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const figures = await outboxFigures(options);
      result.maxPending = figures.maxPending;
      result.maxPendingSeen = Math.max(result.maxPendingSeen, figures.pending);
      result.maxFileBytesSeen = Math.max(result.maxFileBytesSeen, figures.fileBytes);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let n = 0;
  const connection = async (): Promise<void> => {
    while (performance.now() < deadline) {
      n += 1;
      result.calls += 1;
      try {
        const response = await fetch(`${options.baseUrl}/webhook/${options.webhookPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'load', value: n }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        if (response.status === 200) {
          const executionId = (JSON.parse(text) as { executionId?: unknown }).executionId;
          if (typeof executionId === 'string' && executionId !== '') result.accepted.push(executionId);
          else result.failures.push(`200 without an execution id: ${text.slice(0, 200)}`);
        } else if (response.status === 503) {
          result.refused += 1;
          if (!response.headers.get('retry-after')) result.refusedWithoutRetryAfter += 1;
        } else {
          result.failures.push(`${response.status}: ${text.slice(0, 200)}`);
        }
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') result.timedOut += 1;
        else result.failures.push(`network: ${(error as Error).message}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, connection));
  } finally {
    sampling = false;
    await sampler;
  }
  result.seconds = (performance.now() - started) / 1000;
  result.acceptedPerSecond = result.accepted.length / result.seconds;
  return result;
}

/** Waits until the outbox is empty (Odoo caught up); answers its figures then and how long it took. */
export async function waitDrained(options: SustainedLoadOptions, timeoutMs: number): Promise<{ figures: OutboxFigures; seconds: number }> {
  const started = performance.now();
  for (;;) {
    const figures = await outboxFigures(options);
    // The file is compacted right after the last delivery: wait for that too.
    if (figures.pending === 0 && figures.fileBytes < 10 * 1024 * 1024) return { figures, seconds: (performance.now() - started) / 1000 };
    if (performance.now() - started > timeoutMs) {
      throw new Error(`outbox not drained within ${timeoutMs} ms: ${figures.pending} pending, ${figures.fileBytes} bytes`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface OdooCheck {
  /** Executions of the load's workflow in Odoo. */
  inOdoo: number;
  /** Accepted (200) and not in Odoo. */
  missing: string[];
  /** In Odoo more than once. */
  doubled: string[];
  /** In Odoo and never answered 200. */
  unexpected: string[];
  /** Accepted and in Odoo, but not finished with success. */
  unfinished: string[];
}

/** Every execution answered 200 exactly once in Odoo, finished, and nothing else. */
export async function checkInOdoo(client: OdooClient, canvasId: number, accepted: string[]): Promise<OdooCheck> {
  const rows: Array<{ execution_id: string; status: string; finished: boolean }> = [];
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await client.searchRead<{ execution_id: string; status: string; finished: boolean }>(
      'executions',
      [['canvas_id', '=', canvasId]],
      { fields: ['execution_id', 'status', 'finished'], limit: pageSize, offset, order: 'id' },
    );
    rows.push(...page);
    if (page.length < pageSize) break;
  }
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.execution_id, (counts.get(row.execution_id) ?? 0) + 1);
  const acceptedSet = new Set(accepted);
  return {
    inOdoo: rows.length,
    missing: accepted.filter((id) => !counts.has(id)),
    doubled: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
    unexpected: [...counts.keys()].filter((id) => !acceptedSet.has(id)),
    unfinished: rows.filter((row) => acceptedSet.has(row.execution_id) && !(row.finished && row.status === 'success')).map((row) => row.execution_id),
  };
}
