import type { JsonObject } from '../workflow/json';
import type { SetupContext, StepResult } from './setup-context';

export const SETTING_SIDECAR_URL = 'ai_automator.sidecar_url';
export const SETTING_SIDECAR_API_KEY = 'ai_automator.sidecar_api_key';

interface ParamRow extends JsonObject {
  id: number;
  value: string;
}

async function paramRow(ctx: SetupContext, key: string): Promise<ParamRow | undefined> {
  const [row] = await ctx.admin.searchRead<ParamRow>('ir.config_parameter', [['key', '=', key]], { fields: ['value'], limit: 1 });
  return row;
}

/** The stored value (read through the ORM: get_param answers from a cache that can be stale). */
export async function readSetting(ctx: SetupContext, key: string): Promise<string | undefined> {
  return (await paramRow(ctx, key))?.value;
}

/**
 * Writes the sidecar URL and key into Odoo's settings where they differ, then checks that
 * get_param (what the addon's buttons read) returns them. Its cache can keep an old value
 * when a scheduled action read the key while it was being written (seen on Odoo 18): a
 * `write` of the same value clears that cache.
 */
export async function ensureSettings(ctx: SetupContext, sidecarUrl: string, sidecarApiKey: string): Promise<StepResult> {
  const done: string[] = [];
  for (const [key, value, shown] of [
    [SETTING_SIDECAR_URL, sidecarUrl, sidecarUrl],
    [SETTING_SIDECAR_API_KEY, sidecarApiKey, 'the SIDECAR_API_KEY'],
  ] as const) {
    if ((await readSetting(ctx, key)) !== value) {
      await ctx.admin.call('ir.config_parameter', 'set_param', [key, value]);
      done.push(`${key} = ${shown}`);
    }
    if ((await ctx.admin.call<string | false>('ir.config_parameter', 'get_param', [key])) !== value) {
      const row = await paramRow(ctx, key);
      if (row) await ctx.admin.write('ir.config_parameter', [row.id], { value });
      done.push(`${key} refreshed in Odoo's settings cache`);
    }
  }
  if (done.length === 0) return { line: 'settings: sidecar URL and key already right, unchanged', changed: false };
  return { line: `settings: ${done.join(', ')}`, changed: true };
}
