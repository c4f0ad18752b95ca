import type { OdooClient } from './client';
import { OdooError } from './errors';

/** The group the addon gives the sidecar's Odoo login; `odoo setup` puts the login in it. */
export const SIDECAR_GROUP = {
  xmlId: 'the_ai_automator.group_ai_automator_sidecar',
  name: 'Sidecar (technical)',
} as const;

export type AccessOperation = 'read' | 'write' | 'create' | 'unlink';

/**
 * What the sidecar does over RPC, as access rights: it reads workflows and writes their
 * activation state, creates imported workflows with their nodes, and creates, updates and
 * prunes executions and node runs. The addon's access CSV grants exactly this to the group.
 */
export const SIDECAR_ACCESS: ReadonlyArray<{ model: string; operations: readonly AccessOperation[] }> = [
  { model: 'canvas', operations: ['read', 'write', 'create'] },
  { model: 'nodes', operations: ['read', 'write', 'create'] },
  { model: 'executions', operations: ['read', 'write', 'create', 'unlink'] },
  { model: 'execution_logs', operations: ['read', 'write', 'create', 'unlink'] },
];

export interface RightsReport {
  inGroup: boolean;
  /** "create executions", ... in SIDECAR_ACCESS's order. */
  missing: string[];
}

/** The login's rights are not what the sidecar needs; the message names the group and each missing right. */
export class OdooRightsError extends OdooError {
  constructor(login: string, db: string, report: RightsReport) {
    const who = `Odoo user "${login}" (database "${db}")`;
    const group = `"${SIDECAR_GROUP.name}" (${SIDECAR_GROUP.xmlId})`;
    const rights = report.missing.join(', ');
    super(
      report.inGroup
        ? `${who} is in the group ${group} but may not ${rights}: the group's access rights were changed; upgrade the_ai_automator to restore them`
        : `${who} is not in the group ${group}, so it may not ${rights}. Add it to that group, or run \`node dist/cli.js odoo setup\``,
      'forbidden',
    );
  }
}

/** The addon is missing from the database: its models do not exist. */
export class OdooAddonMissingError extends OdooError {
  constructor(db: string, cause: unknown) {
    super(`The addon the_ai_automator is not installed in Odoo database "${db}": its models do not exist`, 'unavailable', { cause });
  }
}

/** Reads, with the login's own rights, whether it can do what the sidecar does. One call per model right. */
export async function readSidecarRights(client: OdooClient, login: string): Promise<RightsReport> {
  const missing: string[] = [];
  for (const { model, operations } of SIDECAR_ACCESS) {
    for (const operation of operations) {
      // has_access (Odoo 18) checks the ACL and, on an empty recordset, nothing else.
      if (!(await client.call<boolean>(model, 'has_access', [[], operation]))) missing.push(`${operation} ${model}`);
    }
  }
  const [user] = await client.search('res.users', [['login', '=', login]], { limit: 1 });
  const inGroup = user !== undefined && (await client.call<boolean>('res.users', 'has_group', [[user], SIDECAR_GROUP.xmlId]));
  return { inGroup, missing };
}

function isUnknownModel(error: unknown): boolean {
  return error instanceof OdooError && /doesn't exist|does not exist|KeyError: 'canvas'/i.test(`${error.odooMessage ?? ''} ${error.debug ?? ''}`);
}

/**
 * The start-up check: resolves when the login can do all the sidecar does, else throws
 * OdooRightsError (or OdooAddonMissingError). Connection failures pass through unchanged,
 * so a caller can tell "Odoo is down" (start anyway) from "Odoo said no" (refuse).
 */
export async function assertSidecarRights(client: OdooClient, login: string, db: string): Promise<RightsReport> {
  let report: RightsReport;
  try {
    report = await readSidecarRights(client, login);
  } catch (error) {
    if (isUnknownModel(error)) throw new OdooAddonMissingError(db, error);
    throw error;
  }
  if (report.missing.length > 0) throw new OdooRightsError(login, db, report);
  return report;
}
