import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { checkInOdoo, driveSustainedLoad, sustainedLoadWorkflow, waitDrained } from '../../../src/bench/sustained-load';
import { sustainedVerdict } from '../../../src/bench/odoo-sustained-bench';
import type { BuiltService } from '../../../src/server/build-service';
import { bootOdooService, LIVE_API_KEY, LiveCanvases, liveOdooConfigured, makeDataDir, sidecarClient } from './helpers/live-service';

/*
 * The bounded backlog against the live Odoo (ODOO_* env; skipped without): webhook load in
 * Odoo mode above what Odoo takes, for ODOO_SUSTAINED_SECONDS (default 10; `npm run bench`
 * runs the same for 60 s with the service in its own process). Every call is answered 200 or
 * 503 with Retry-After (none lost, none timed out), the outbox never holds more than
 * OUTBOX_MAX_PENDING, every 200 is in Odoo exactly once afterwards, and odoo-outbox.sqlite is
 * under 10 MB once drained.
 */

const SECONDS = Number(process.env.ODOO_SUSTAINED_SECONDS ?? 10);
// Small against the connections: the in-flight runs count too, so Odoo falls behind within seconds.
const MAX_PENDING = 30;
const CONNECTIONS = 40;
const describeLive = liveOdooConfigured ? describe : describe.skip;

describeLive('a bounded Odoo backlog under sustained webhook load (live Odoo)', () => {
  const canvases = new LiveCanvases();
  const client = sidecarClient();
  let dataDir: string;
  let built: BuiltService;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = makeDataDir();
    // One execution per call, one call at a time: Odoo is the bottleneck even on a machine too
    // busy for the webhook path to outrun bulk ingestion (the bench runs it the same way).
    built = await bootOdooService(dataDir, {
      start: false,
      env: { OUTBOX_MAX_PENDING: String(MAX_PENDING), ODOO_WRITE_BATCH: '1', ODOO_WRITE_CONCURRENCY: '1' },
    });
    server = http.createServer(built.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await built?.shutdown(5000);
    await canvases.cleanup();
    await client.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'answers every call 200 or 503 + Retry-After, stays within OUTBOX_MAX_PENDING, and Odoo holds every 200 exactly once',
    async () => {
      const stamp = `live${Date.now().toString(36)}`;
      const { canvasId } = await canvases.create(sustainedLoadWorkflow(stamp));
      const activated = await fetch(`${baseUrl}/canvas/${canvasId}/activate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${LIVE_API_KEY}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(activated.status).toBe(200);
      const target = { baseUrl, webhookPath: `sustained-${stamp}`, apiKey: LIVE_API_KEY, seconds: SECONDS, connections: CONNECTIONS };

      const load = await driveSustainedLoad(target);
      const drained = await waitDrained(target, 5 * 60_000);
      const odoo = await checkInOdoo(client, canvasId, load.accepted);
      // The figures, for the record (README): calls, answers, the highest backlog, the drain.
      process.stdout.write(
        `sustained ${load.seconds.toFixed(1)} s: ${load.calls} calls, ${load.accepted.length} x 200, ${load.refused} x 503, ` +
          `max pending ${load.maxPendingSeen}/${load.maxPending}, drained in ${drained.seconds.toFixed(1)} s to ${drained.figures.fileBytes} bytes\n`,
      );

      expect(load.failures).toEqual([]);
      expect(load.timedOut).toBe(0);
      expect(load.refused).toBeGreaterThan(0);
      expect(load.refusedWithoutRetryAfter).toBe(0);
      expect(load.accepted.length).toBeGreaterThan(MAX_PENDING);
      expect(new Set(load.accepted).size).toBe(load.accepted.length);
      expect(load.maxPending).toBe(MAX_PENDING);
      expect(load.maxPendingSeen).toBeLessThanOrEqual(MAX_PENDING);
      expect(odoo).toEqual({ inOdoo: load.accepted.length, missing: [], doubled: [], unexpected: [], unfinished: [] });
      expect(drained.figures).toMatchObject({ pending: 0, deadLetters: 0 });
      expect(drained.figures.fileBytes).toBeLessThan(10 * 1024 * 1024);
      expect(sustainedVerdict(load, drained, odoo)).toEqual([]);
    },
    (SECONDS + 360) * 1000,
  );
});
