import { isJsonObject, type JsonObject } from '../workflow/json';
import type { SetupContext, StepResult } from './setup-context';
import { SetupInputError } from './setup-error';

interface CheckAnswer extends JsonObject {
  ok: boolean;
  status: number;
  body: JsonObject | false;
  error: string | false;
}

/** Where the sidecar will listen once started: HOST / PORT as the service reads them. */
export function sidecarListenAddress(ctx: SetupContext): { host: string; port: number } {
  const read = (name: string): string | undefined => ctx.deps.env[name] || ctx.envFile[name] || undefined;
  const port = Number(read('PORT') ?? 5680);
  return { host: read('HOST') ?? '127.0.0.1', port: Number.isInteger(port) && port > 0 ? port : 5680 };
}

/**
 * Asks Odoo (through the addon's check_sidecar_url) to call `<sidecarUrl>/healthz`. When no
 * sidecar runs yet, a stand-in answers on the sidecar's own HOST:PORT for the duration of the
 * check, so this works before `npm start` too. Throws SetupInputError when Odoo cannot reach it.
 */
export async function checkOdooReachesSidecar(ctx: SetupContext, sidecarUrl: string): Promise<StepResult> {
  const { host, port } = sidecarListenAddress(ctx);
  const probe = await ctx.deps.openHealthProbe(host, port, ctx.deps.randomSecret());
  let answer: CheckAnswer;
  try {
    answer = await ctx.admin.call<CheckAnswer>('ai_automator.sidecar', 'check_sidecar_url', [sidecarUrl]);
  } finally {
    await probe?.close();
  }
  const standIn = probe ? ` (while this command answered for the sidecar on ${host}:${port})` : '';
  if (!answer.ok) {
    throw new SetupInputError(`Odoo cannot reach the sidecar at ${sidecarUrl}/healthz: ${answer.error || `HTTP ${answer.status}`}${standIn}`);
  }
  const data = isJsonObject(answer.body) && isJsonObject(answer.body.data) ? answer.body.data : {};
  if (probe && data.probe !== probe.probe) {
    throw new SetupInputError(
      `Odoo reached ${sidecarUrl}/healthz, but another server answered there, not this machine's ${host}:${port}: fix --sidecar-url`,
    );
  }
  const who = probe ? `this machine's ${host}:${port}` : 'the running sidecar';
  return { line: `Odoo -> sidecar: ${sidecarUrl}/healthz reaches ${who}`, changed: false };
}
