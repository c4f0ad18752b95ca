import type { JsonValue } from '../../../src/workflow/json';
import { createOdooClient, type OdooClient } from '../../../src/odoo/client';
import type { OdooClientConfig } from '../../../src/odoo/config';
import { OdooError } from '../../../src/odoo/errors';
import { createOdooGateway } from '../../../src/odoo';
import { odooNode } from '../../../src/nodes/odoo';
import type { Item } from '../../../src/contracts/run-data';
import { fakeContext } from '../../helpers/node-context';

/**
 * Client probes: one call (or a short sequence) each, meant to meet one answer of Odoo's
 * (a result, or one error kind). Recorded live, replayed by the unit tests.
 */
export interface ProbeContext {
  /** The live settings (recorder) or the replay's (tests): url, db, user, password, apiKey. */
  base: OdooClientConfig & { password: string; apiKey: string };
  /** Kills the current web session server-side (POST /web/session/destroy with its cookie). */
  destroySession(): Promise<void>;
  /** A canvas id that exists (made by the recorder for the probes). */
  canvasId: number;
}

export type Probe = (ctx: ProbeContext) => Promise<JsonValue>;

export function describeError(error: unknown): JsonValue {
  if (!(error instanceof OdooError)) return { name: (error as Error).name, message: (error as Error).message };
  return {
    name: error.name,
    message: error.message,
    odooName: error.odooName ?? null,
    code: error.code,
    transient: error.transient,
    delivery: error.delivery,
  };
}

async function outcome(run: () => Promise<JsonValue>): Promise<JsonValue> {
  try {
    return { ok: await run() };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function session(ctx: ProbeContext, overrides: Partial<OdooClientConfig> = {}): OdooClient {
  const { apiKey: _key, ...base } = ctx.base;
  return createOdooClient({ ...base, transport: 'auto', retries: 0, ...overrides });
}

function keyClient(ctx: ProbeContext, overrides: Partial<OdooClientConfig> = {}): OdooClient {
  const { password: _password, ...base } = ctx.base;
  return createOdooClient({ ...base, transport: 'auto', retries: 0, ...overrides });
}

const NONE = [['id', '=', -1]];

export const PROBES: Record<string, Probe> = {
  versionInfo: (ctx) => outcome(async () => ({ ...(await session(ctx).serverVersion()) })),
  sessionSearchRead: (ctx) =>
    outcome(async () => {
      const client = session(ctx);
      const rows = await client.searchRead('canvas', [['id', '=', ctx.canvasId]], { fields: ['name', 'active_workflow'] });
      return { rows, transport: await client.transportKind(), calls: client.stats.snapshot() };
    }),
  sessionExpiredRenewed: (ctx) =>
    outcome(async () => {
      const client = session(ctx);
      const before = await client.searchCount('canvas', NONE);
      await ctx.destroySession();
      const after = await client.searchCount('canvas', NONE);
      return { before, after };
    }),
  noneResult: (ctx) => outcome(() => session(ctx).call('res.partner', 'action_unarchive', [[]])),
  wrongPassword: (ctx) => outcome(() => session(ctx, { password: 'wrong-password' }).searchCount('canvas', NONE)),
  unknownDatabase: (ctx) => outcome(() => session(ctx, { db: 'no_such_db' }).searchCount('canvas', NONE)),
  accessError: (ctx) => outcome(() => session(ctx).write('res.users', [2], { login: 'not-allowed' })),
  validationError: (ctx) => outcome(() => session(ctx).create('executions', { execution_id: 'probe-without-canvas' })),
  missingError: (ctx) => outcome(() => session(ctx).write('canvas', [999_999_999], { name: 'gone' })),
  userError: (ctx) => outcome(() => session(ctx).call('canvas', 'action_execute_workflow', [[ctx.canvasId]])),
  valueError: (ctx) => outcome(() => session(ctx).searchRead('canvas', NONE, { fields: ['no_such_field'] })),
  jsonrpcWithKey: (ctx) =>
    outcome(async () => {
      const client = keyClient(ctx);
      return { count: await client.searchCount('canvas', NONE), transport: await client.transportKind() };
    }),
  jsonrpcWrongKey: (ctx) => outcome(() => keyClient(ctx, { apiKey: 'wrong-key' }).searchCount('canvas', NONE)),
  jsonrpcUnknownDatabase: (ctx) => outcome(() => keyClient(ctx, { db: 'no_such_db' }).searchCount('canvas', NONE)),
  json2OnOdoo18: (ctx) => outcome(() => keyClient(ctx, { transport: 'json2' }).searchCount('canvas', NONE)),
  attachmentRoundTrip: (ctx) => outcome(() => attachmentRoundTrip(ctx)),
};

/**
 * The Odoo node's attachment resource through the real client: attaches an item's binary
 * property to the probe canvas as an ir.attachment, then downloads it into a binary item.
 */
async function attachmentRoundTrip(ctx: ProbeContext): Promise<JsonValue> {
  const odoo = createOdooGateway(session(ctx));
  const invoice = Buffer.from('%PDF-1.4 probe invoice');
  const attach = fakeContext({
    type: 'n8n-nodes-base.odoo',
    node: { name: 'Attach' },
    parameters: { resource: 'attachment', operation: 'create', resModel: 'canvas', resId: ctx.canvasId },
    inputs: [[{ json: {}, binary: { data: { data: invoice.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice.pdf', fileExtension: 'pdf' } } }]],
    services: { odoo },
  });
  const [[attached]] = (await odooNode.execute(attach)) as Item[][];
  const download = fakeContext({
    type: 'n8n-nodes-base.odoo',
    node: { name: 'Download' },
    parameters: { resource: 'attachment', operation: 'get', attachmentId: attached?.json.id ?? 0, binaryPropertyName: 'file' },
    services: { odoo },
  });
  const [[downloaded]] = (await odooNode.execute(download)) as Item[][];
  const { data, ...described } = downloaded?.binary?.file ?? { data: '' };
  return { attached: attached?.json ?? null, downloaded: downloaded?.json ?? null, binary: described as JsonValue, text: Buffer.from(data, 'base64').toString() };
}
