import http from 'node:http';
import { createOdooClient, type OdooClient } from '../odoo/client';
import type { OdooTransportChoice } from '../odoo/config';
import { OdooWorkflowTransfer } from '../store/odoo/workflow-transfer';
import { call, startBenchService } from './bench-service';
import {
  checkInOdoo,
  driveSustainedLoad,
  type OdooCheck,
  type OutboxFigures,
  type SustainedLoadResult,
  sustainedLoadWorkflow,
  waitDrained,
} from './sustained-load';

export interface OdooSustainedOptions {
  seconds?: number;
  connections?: number;
  /** OUTBOX_MAX_PENDING of the service under load: small enough to be reached within `seconds`. */
  maxPending?: number;
  /** More environment of the service (e.g. ODOO_WRITE_BATCH=1 to make Odoo the bottleneck). */
  serviceEnv?: Record<string, string>;
}

export interface OdooSustainedResult {
  load: SustainedLoadResult;
  drained: { figures: OutboxFigures; seconds: number };
  odoo: OdooCheck;
  /** Every acceptance condition held. */
  passed: boolean;
  serviceEnv?: Record<string, string>;
}

function odooClient(env: NodeJS.ProcessEnv, user: string, password: string): OdooClient {
  return createOdooClient({
    url: env.ODOO_URL as string,
    db: env.ODOO_DB ?? '',
    user,
    password,
    transport: (env.ODOO_TRANSPORT as OdooTransportChoice | undefined) ?? 'auto',
  });
}

/** The acceptance conditions, each false one named. */
export function sustainedVerdict(load: SustainedLoadResult, drained: { figures: OutboxFigures }, odoo: OdooCheck): string[] {
  const failed: string[] = [];
  if (load.failures.length > 0) failed.push(`${load.failures.length} calls failed (first: ${load.failures[0]})`);
  if (load.timedOut > 0) failed.push(`${load.timedOut} calls timed out`);
  if (load.refusedWithoutRetryAfter > 0) failed.push(`${load.refusedWithoutRetryAfter} 503 answers without Retry-After`);
  if (load.refused === 0) failed.push('no call was refused: the load did not go above what Odoo takes');
  if (load.maxPendingSeen > load.maxPending) failed.push(`the outbox held ${load.maxPendingSeen} > OUTBOX_MAX_PENDING=${load.maxPending}`);
  if (odoo.missing.length > 0) failed.push(`${odoo.missing.length} executions answered 200 are not in Odoo`);
  if (odoo.doubled.length > 0) failed.push(`${odoo.doubled.length} executions are in Odoo more than once`);
  if (odoo.unexpected.length > 0) failed.push(`${odoo.unexpected.length} executions in Odoo were never answered 200`);
  if (odoo.unfinished.length > 0) failed.push(`${odoo.unfinished.length} executions are not finished with success in Odoo`);
  if (drained.figures.fileBytes >= 10 * 1024 * 1024) failed.push(`odoo-outbox.sqlite is ${drained.figures.fileBytes} bytes after draining`);
  return failed;
}

/**
 * The service in its own process in Odoo mode (the Odoo of ODOO_URL), a webhook workflow
 * imported there and activated, then `seconds` of load from `connections` clients; afterwards
 * the outbox must drain and Odoo hold exactly the executions answered 200. Undefined without
 * ODOO_URL. The workflow and its executions are removed afterwards (the canvas only with
 * ODOO_ADMIN_USER/ODOO_ADMIN_PASSWORD: the sidecar's user may not delete canvases).
 */
export async function runOdooSustainedBench(env: NodeJS.ProcessEnv = process.env, options: OdooSustainedOptions = {}): Promise<OdooSustainedResult | undefined> {
  if (!env.ODOO_URL) return undefined;
  const client = odooClient(env, env.ODOO_USER ?? '', env.ODOO_PASSWORD ?? '');
  const stamp = `sust${Date.now().toString(36)}`;
  const { canvasId } = await new OdooWorkflowTransfer(client).importWorkflow(sustainedLoadWorkflow(stamp));
  const maxPending = options.maxPending ?? 2000;
  const odooEnv = Object.fromEntries(
    ['ODOO_URL', 'ODOO_DB', 'ODOO_USER', 'ODOO_PASSWORD', 'ODOO_API_KEY', 'ODOO_TRANSPORT', 'ODOO_WRITE_BATCH', 'ODOO_WRITE_CONCURRENCY']
      .filter((name) => env[name])
      .map((name) => [name, env[name] as string]),
  );
  const service = await startBenchService([], {
    env: { ...odooEnv, ...options.serviceEnv, OUTBOX_MAX_PENDING: String(maxPending), LOG_LEVEL: 'error' },
  });
  const agent = new http.Agent({ keepAlive: false });
  try {
    const activated = await call(agent, service.port, 'POST', `/canvas/${canvasId}/activate`, '{}', { authorization: `Bearer ${service.apiKey}` });
    if (activated.status !== 200) throw new Error(`sustained load: activation failed: ${activated.status} ${activated.body}`);
    const target = {
      baseUrl: `http://127.0.0.1:${service.port}`,
      webhookPath: `sustained-${stamp}`,
      apiKey: service.apiKey,
      seconds: options.seconds ?? 60,
      connections: options.connections ?? 50,
    };
    const load = await driveSustainedLoad(target);
    const drained = await waitDrained(target, 20 * 60_000);
    const odoo = await checkInOdoo(client, canvasId, load.accepted);
    return { load, drained, odoo, passed: sustainedVerdict(load, drained, odoo).length === 0, serviceEnv: options.serviceEnv };
  } finally {
    agent.destroy();
    await service.stop();
    const executions = await client.search('executions', [['canvas_id', '=', canvasId]]);
    for (let start = 0; start < executions.length; start += 1000) await client.unlink('executions', executions.slice(start, start + 1000));
    if (env.ODOO_ADMIN_USER && env.ODOO_ADMIN_PASSWORD) {
      const admin = odooClient(env, env.ODOO_ADMIN_USER, env.ODOO_ADMIN_PASSWORD);
      await admin.unlink('canvas', [canvasId]);
      await admin.close();
    }
    await client.close();
  }
}

/**
 * BENCH_ODOO_SUSTAINED_SECONDS (default 60), _CONNECTIONS (50), _MAX_PENDING (500), and
 * BENCH_ODOO_SUSTAINED_WRITE_BATCH / _WRITE_CONCURRENCY: the service's ODOO_WRITE_BATCH and
 * ODOO_WRITE_CONCURRENCY under load (default 1 and 1: one execution per call, so that Odoo is
 * the bottleneck even where the machine is too busy for the webhook path to outrun bulk
 * ingestion; the acceptance is about what happens above Odoo's pace, whatever that pace is).
 */
export function sustainedOptionsFromEnv(env: NodeJS.ProcessEnv): OdooSustainedOptions {
  return {
    seconds: Number(env.BENCH_ODOO_SUSTAINED_SECONDS ?? 60),
    connections: Number(env.BENCH_ODOO_SUSTAINED_CONNECTIONS ?? 50),
    maxPending: Number(env.BENCH_ODOO_SUSTAINED_MAX_PENDING ?? 500),
    serviceEnv: {
      ODOO_WRITE_BATCH: env.BENCH_ODOO_SUSTAINED_WRITE_BATCH ?? '1',
      ODOO_WRITE_CONCURRENCY: env.BENCH_ODOO_SUSTAINED_WRITE_CONCURRENCY ?? '1',
    },
  };
}

export function formatOdooSustained(result: OdooSustainedResult): string {
  const { load, drained, odoo } = result;
  const failed = sustainedVerdict(load, drained, odoo);
  return [
    `Sustained webhook load in Odoo mode: ${load.seconds.toFixed(1)} s, ${load.calls} calls, OUTBOX_MAX_PENDING=${load.maxPending}` +
      (result.serviceEnv ? ` (${Object.entries(result.serviceEnv).map(([name, value]) => `${name}=${value}`).join(', ')})` : ''),
    `  ${load.accepted.length} answered 200 (${load.acceptedPerSecond.toFixed(1)}/s), ${load.refused} answered 503 with Retry-After, ` +
      `${load.failures.length} failed, ${load.timedOut} timed out; outbox at most ${load.maxPendingSeen} pending, ${(load.maxFileBytesSeen / 1048576).toFixed(1)} MiB`,
    `  drained ${drained.seconds.toFixed(1)} s after the load: odoo-outbox.sqlite ${(drained.figures.fileBytes / 1048576).toFixed(2)} MiB, ${drained.figures.deadLetters} dead letters`,
    `  in Odoo: ${odoo.inOdoo} executions for ${load.accepted.length} answered 200: ${odoo.missing.length} missing, ${odoo.doubled.length} doubled, ` +
      `${odoo.unexpected.length} unexpected, ${odoo.unfinished.length} unfinished`,
    `  ${failed.length === 0 ? 'acceptance met' : `acceptance FAILED: ${failed.join('; ')}`}`,
  ].join('\n');
}

if (require.main === module) {
  runOdooSustainedBench(process.env, sustainedOptionsFromEnv(process.env))
    .then((result) => {
      console.log(result ? formatOdooSustained(result) : 'ODOO_URL is not set: sustained Odoo load skipped');
      if (result && !result.passed) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
