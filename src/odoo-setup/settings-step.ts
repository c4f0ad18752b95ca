import type { SetupContext, StepResult } from './setup-context';

export const SETTING_SIDECAR_URL = 'ai_automator.sidecar_url';
export const SETTING_SIDECAR_API_KEY = 'ai_automator.sidecar_api_key';

export function readSetting(ctx: SetupContext, key: string): Promise<string | false> {
  return ctx.admin.call<string | false>('ir.config_parameter', 'get_param', [key]);
}

/** Writes the sidecar URL and key into Odoo's settings where they differ. */
export async function ensureSettings(ctx: SetupContext, sidecarUrl: string, sidecarApiKey: string): Promise<StepResult> {
  const done: string[] = [];
  for (const [key, value, shown] of [
    [SETTING_SIDECAR_URL, sidecarUrl, sidecarUrl],
    [SETTING_SIDECAR_API_KEY, sidecarApiKey, 'the SIDECAR_API_KEY'],
  ] as const) {
    if ((await readSetting(ctx, key)) === value) continue;
    await ctx.admin.call('ir.config_parameter', 'set_param', [key, value]);
    done.push(`${key} = ${shown}`);
  }
  if (done.length === 0) return { line: 'settings: sidecar URL and key already right, unchanged', changed: false };
  return { line: `settings: ${done.join(', ')}`, changed: true };
}
