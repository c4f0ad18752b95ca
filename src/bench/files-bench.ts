import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, startBenchService, waitFor, type BenchServiceOptions } from './bench-service';

/**
 * The file acceptance bench: a CSV of `rows` lines of 200 bytes (one million: 200 MB) is
 * uploaded as multipart to Webhook -> Extract from File (CSV) -> Summarize (by region) ->
 * Convert to File (CSV) -> Respond to Webhook, on the real service in its own process. The
 * CSV is generated while it is sent, never held whole here; the answer is checked against
 * what the generator counted.
 */

const BENCH_WORKFLOW_FILE = path.resolve(__dirname, '../../examples/bench-files.json');
const BENCH_CANVAS = 'benchFiles000001';
const REGIONS = ['north', 'south', 'east', 'west'];
const LINE_BYTES = 200;
const ROWS_PER_CHUNK = 2000;
const HEADER = 'order_id,date,region,product,quantity,unit_price,customer,email,note\n';
const PADDING = 'x'.repeat(LINE_BYTES);

export interface FilesBenchResult {
  rows: number;
  uploadBytes: number;
  /** Upload start to the last byte of the answer, and to the last byte sent. */
  seconds: number;
  uploadSeconds: number;
  /** The saved execution: its status and each node's run time (ms). */
  executionStatus: string;
  nodeMs: Record<string, number>;
  /** The service process' peak RSS (VmHWM) over the whole run, and before the upload. */
  servicePeakRssMb: number;
  serviceIdleRssMb: number;
  /** Highest RSS sampled (every 100 ms) while the upload was sent, until the answer, and until the run was saved. */
  phasePeakRssMb: { upload: number; answer: number; save: number };
  /** The bench process' own peak RSS: the CSV is generated while sent, never held whole. */
  benchPeakRssMb: number;
  /** True when the answer's counts per region are what was sent. */
  answerCorrect: boolean;
  answer: string;
}

interface Expected {
  count: Map<string, number>;
  customers: Map<string, Set<string>>;
}

/** Line `index` of the CSV: 200 bytes, newline included. */
function csvLine(index: number, expected: Expected): string {
  const region = REGIONS[index % REGIONS.length] as string;
  const customer = `Customer ${index % 4999}`;
  expected.count.set(region, (expected.count.get(region) ?? 0) + 1);
  let customers = expected.customers.get(region);
  if (!customers) expected.customers.set(region, (customers = new Set()));
  customers.add(customer);
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  const start = `${1_000_000 + index},2026-${month}-${day},${region},product-${index % 50},${1 + (index % 9)},${((index % 1000) / 10 + 1).toFixed(2)},${customer},customer${index % 4999}@example.com,order note ${index} `;
  return `${start}${PADDING.slice(0, LINE_BYTES - 1 - start.length)}\n`;
}

function write(request: http.ClientRequest, chunk: string): Promise<void> {
  if (request.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      request.off('error', reject);
      resolve();
    };
    request.once('drain', onDrain);
    request.once('error', reject);
  });
}

/** Sends the multipart upload while generating it; resolves with the answer. */
async function upload(port: number, rows: number, expected: Expected, hooks: { sample(): void; sent(): void }): Promise<{ status: number; body: string; bytes: number; sentAt: number; answeredAt: number }> {
  const boundary = `----bench${Date.now()}`;
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/webhook/bench-files',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  let bytes = 0;
  const send = async (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    await write(request, chunk);
  };
  await send(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="orders.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}`);
  for (let first = 0; first < rows; first += ROWS_PER_CHUNK) {
    let chunk = '';
    for (let index = first; index < Math.min(rows, first + ROWS_PER_CHUNK); index++) chunk += csvLine(index, expected);
    await send(chunk);
    hooks.sample();
  }
  await send(`\r\n--${boundary}--\r\n`);
  request.end();
  const sentAt = performance.now();
  hooks.sent();
  const answered = await answer;
  return { ...answered, bytes, sentAt, answeredAt: performance.now() };
}

/** The answer's CSV rows checked against the generator's counts (count and unique customers). */
function answerMatches(body: string, expected: Expected): boolean {
  const [header, ...lines] = body.replace(/^\ufeff/, '').trim().split('\n');
  const columns = (header ?? '').split(',');
  const at = (name: string) => columns.indexOf(name);
  if (lines.length !== REGIONS.length) return false;
  return lines.every((line) => {
    const cells = line.split(',');
    const region = cells[at('region')] ?? '';
    return Number(cells[at('count_order_id')]) === expected.count.get(region) && Number(cells[at('unique_count_customer')]) === expected.customers.get(region)?.size;
  });
}

type RunRecord = { status: string; data?: { resultData?: { runData?: Record<string, Array<{ executionTime: number }>> } } };

/** Waits until the store has the bench run saved; returns its id and status. */
async function savedRun(agent: http.Agent, port: number, auth: Record<string, string>): Promise<{ id: string; status: string }> {
  let saved: { id: string; status: string } | undefined;
  await waitFor(
    async () => {
      const list = JSON.parse((await call(agent, port, 'GET', `/canvas/${BENCH_CANVAS}/executions?limit=1`, undefined, auth)).body) as { data: Array<{ id: string; status: string }> };
      saved = list.data[0];
      return saved !== undefined && saved.status !== 'running' && saved.status !== 'new';
    },
    120_000,
    'saving the bench execution',
  );
  return saved as { id: string; status: string };
}

/** Each node's run time in the saved run (read after the RSS figures: reading a record costs memory too). */
async function nodeTimes(agent: http.Agent, port: number, auth: Record<string, string>, id: string): Promise<Record<string, number>> {
  const record = (JSON.parse((await call(agent, port, 'GET', `/executions/${id}`, undefined, auth)).body) as { data: RunRecord }).data;
  const nodeMs: Record<string, number> = {};
  for (const [node, runs] of Object.entries(record.data?.resultData?.runData ?? {})) nodeMs[node] = runs[0]?.executionTime ?? Number.NaN;
  return nodeMs;
}

export async function runFilesBench(options: BenchServiceOptions & { rows?: number } = {}): Promise<FilesBenchResult> {
  const rows = options.rows ?? 1_000_000;
  // The upload alone takes longer than the default minute the webhook waits for its answer.
  const env = { WEBHOOK_RESPONSE_TIMEOUT_MS: '1800000', ...options.env };
  const service = await startBenchService([{ file: 'bench-files.json', json: fs.readFileSync(BENCH_WORKFLOW_FILE, 'utf8') }], { ...options, env });
  const agent = new http.Agent({ keepAlive: false });
  const auth = { authorization: `Bearer ${service.apiKey}` };
  try {
    const activated = await call(agent, service.port, 'POST', `/canvas/${BENCH_CANVAS}/activate`, '{}', auth);
    if (activated.status !== 200) throw new Error(`bench: activation failed: ${activated.body}`);
    const serviceIdleRssMb = service.peakRssMb();
    const expected: Expected = { count: new Map(), customers: new Map() };
    const phasePeakRssMb = { upload: 0, answer: 0, save: 0 };
    let phase: keyof typeof phasePeakRssMb = 'upload';
    const sample = () => (phasePeakRssMb[phase] = Math.max(phasePeakRssMb[phase], service.rssMb()));
    const sampler = setInterval(sample, 100);
    const started = performance.now();
    let answer: Awaited<ReturnType<typeof upload>>;
    let saved: { id: string; status: string };
    try {
      answer = await upload(service.port, rows, expected, { sample, sent: () => (phase = 'answer') });
      phase = 'save';
      saved = await savedRun(agent, service.port, auth);
    } finally {
      clearInterval(sampler);
    }
    const servicePeakRssMb = service.peakRssMb();
    const seconds = (answer.answeredAt - started) / 1000;
    return {
      rows,
      uploadBytes: answer.bytes,
      seconds,
      uploadSeconds: (answer.sentAt - started) / 1000,
      executionStatus: saved.status,
      nodeMs: await nodeTimes(agent, service.port, auth, saved.id),
      servicePeakRssMb,
      phasePeakRssMb,
      benchPeakRssMb: process.resourceUsage().maxRSS / 1024,
      serviceIdleRssMb,
      answerCorrect: answer.status === 200 && answerMatches(answer.body, expected),
      answer: `${answer.status} ${answer.body.slice(0, 400)}`,
    };
  } finally {
    agent.destroy();
    await service.stop();
  }
}
