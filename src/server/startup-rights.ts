import type { Config } from '../config';
import { errorMessage } from '../errors';
import type { LogSink } from '../logging';
import { assertSidecarRights, createOdooClient, isTransientOdooError, OdooAddonMissingError, OdooRightsError } from '../odoo';

/**
 * Odoo mode: before serving, checks that the Odoo login can do what the sidecar does, so a
 * missing group is one clear refusal at start instead of a refused write on the first run.
 * Throws OdooRightsError / OdooAddonMissingError; any other failure (Odoo down, slow...) is
 * logged and the service starts anyway, as it does when Odoo is down at start-up.
 */
export async function checkOdooLoginRights(config: Config, logger: LogSink): Promise<void> {
  if (config.mode !== 'odoo') return;
  const { odoo } = config;
  const client = createOdooClient({ ...odoo, retries: 0 });
  try {
    const report = await assertSidecarRights(client, odoo.user, odoo.db);
    if (!report.inGroup) {
      logger.warn('the Odoo login has the rights the sidecar needs but is not in the "Sidecar (technical)" group', { user: odoo.user });
    }
  } catch (error) {
    if (error instanceof OdooRightsError || error instanceof OdooAddonMissingError) throw error;
    const log = isTransientOdooError(error) ? logger.warn.bind(logger) : logger.error.bind(logger);
    log("could not check the Odoo login's rights at start-up", { user: odoo.user, error: errorMessage(error) });
  } finally {
    await client.close();
  }
}
