import { assertSidecarRights, OdooAuthenticationError, type OdooClient } from '../odoo';
import { toOdooDatetime } from '../odoo';
import type { SetupContext, StepResult } from './setup-context';

/** A client logged in the way the sidecar will be (session transport, the technical password). */
export function sidecarClient(ctx: SetupContext, password: string): OdooClient {
  return ctx.deps.createClient({
    url: ctx.options.url,
    db: ctx.options.db,
    user: ctx.options.sidecarLogin,
    password,
    transport: 'session',
    retries: 0,
  });
}

/** Whether `password` still logs the technical user in (a `.env` from an earlier run). */
export async function passwordWorks(ctx: SetupContext, password: string): Promise<boolean> {
  const client = sidecarClient(ctx, password);
  try {
    await client.search('res.users', [['login', '=', ctx.options.sidecarLogin]], { limit: 1 });
    return true;
  } catch (error) {
    if (error instanceof OdooAuthenticationError) return false;
    throw error;
  } finally {
    await client.close();
  }
}

/**
 * Does, as the sidecar's login, what the sidecar does: the start-up rights check, then a real
 * canvas created and read back and an execution written to it, both removed again (the
 * execution by the sidecar's login, the canvas by the administrator, who alone may delete it).
 */
export async function checkSidecarReachesOdoo(ctx: SetupContext, password: string): Promise<StepResult> {
  const client = sidecarClient(ctx, password);
  const token = ctx.deps.randomSecret().slice(0, 12);
  let canvasId: number | undefined;
  try {
    await assertSidecarRights(client, ctx.options.sidecarLogin, ctx.options.db);
    canvasId = await client.create('canvas', { name: `odoo setup check ${token}`, workflow_id: `odoo-setup-check-${token}` });
    const [canvas] = await client.read('canvas', [canvasId], ['name']);
    if (canvas?.name !== `odoo setup check ${token}`) throw new Error(`the sidecar login could not read back canvas ${canvasId}`);
    const now = toOdooDatetime(new Date(0));
    const executionId = await client.create('executions', {
      execution_id: `odoo-setup-check-${token}`,
      canvas_id: canvasId,
      mode: 'manual',
      status: 'success',
      finished: true,
      started_at: now,
      stopped_at: now,
    });
    await client.unlink('executions', [executionId]);
  } finally {
    if (canvasId !== undefined) await ctx.admin.unlink('canvas', [canvasId]);
    await client.close();
  }
  return { line: 'sidecar -> Odoo: the sidecar login reads a canvas and writes an execution', changed: false };
}
