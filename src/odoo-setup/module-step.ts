import type { JsonObject } from '../workflow/json';
import { MODULE_NAME, type SetupContext, type StepResult } from './setup-context';
import { SetupInputError } from './setup-error';

interface ModuleRow extends JsonObject {
  id: number;
  state: string;
  /** On disk (the addons path). */
  installed_version: string;
  /** In the database. */
  latest_version: string | false;
}

async function findModule(ctx: SetupContext): Promise<ModuleRow | undefined> {
  const [row] = await ctx.admin.searchRead<ModuleRow>('ir.module.module', [['name', '=', MODULE_NAME]], {
    fields: ['state', 'installed_version', 'latest_version'],
    limit: 1,
  });
  return row;
}

/** Compares Odoo module versions such as "18.0.1.1.0" part by part. */
function isNewer(onDisk: string, installed: string): boolean {
  const a = onDisk.split('.').map(Number);
  const b = installed.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return false;
}

/** The first addon version with what the setup calls (check_sidecar_url). */
export const MIN_ADDON_VERSION = '18.0.1.1.0';

/** Finds the addon on the addons path (refreshing Odoo's module list once); throws when it is not there. */
export async function locateModule(ctx: SetupContext): Promise<ModuleRow> {
  let row = await findModule(ctx);
  if (row === undefined || row.state === 'uninstallable') {
    // Odoo lists new addons only after "Update Apps List": do the same once.
    await ctx.admin.call('ir.module.module', 'update_list', []);
    row = await findModule(ctx);
  }
  if (row === undefined || row.state === 'uninstallable') {
    throw new SetupInputError(
      `the addon ${MODULE_NAME} is not on the addons path of the Odoo at ${ctx.options.url}: put odoo_addon/ on its --addons-path and restart Odoo`,
    );
  }
  if (isNewer(MIN_ADDON_VERSION, row.installed_version)) {
    throw new SetupInputError(
      `the addon on the addons path of the Odoo at ${ctx.options.url} is version ${row.installed_version}; this command needs ${MIN_ADDON_VERSION} or later: put this repository's odoo_addon/ there and restart Odoo`,
    );
  }
  if (row.state === 'to remove') throw new SetupInputError(`the addon ${MODULE_NAME} is being uninstalled in database "${ctx.options.db}"`);
  return row;
}

/** Installs the addon when it is not installed, upgrades it when the addons path holds a newer version. */
export async function ensureModule(ctx: SetupContext, row: ModuleRow): Promise<StepResult> {
  if (row.state === 'installed' && !(row.latest_version && isNewer(row.installed_version, row.latest_version))) {
    return { line: `module ${MODULE_NAME} ${row.latest_version || row.installed_version}: installed, unchanged`, changed: false };
  }
  if (row.state === 'installed' || row.state === 'to upgrade') {
    await ctx.admin.call('ir.module.module', 'button_immediate_upgrade', [[row.id]]);
    return { line: `module ${MODULE_NAME}: upgraded from ${row.latest_version || '?'} to ${row.installed_version}`, changed: true };
  }
  await ctx.admin.call('ir.module.module', 'button_immediate_install', [[row.id]]);
  return { line: `module ${MODULE_NAME} ${row.installed_version}: installed`, changed: true };
}
