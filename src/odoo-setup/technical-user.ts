import { SIDECAR_GROUP } from '../odoo';
import type { JsonObject } from '../workflow/json';
import { refId, userIdByLogin } from './odoo-calls';
import type { SetupContext, StepResult } from './setup-context';
import { SetupInputError } from './setup-error';

/** Internal user (to log in over RPC at all) and the sidecar's group: nothing else. */
const NEEDED_GROUPS = ['base.group_user', SIDECAR_GROUP.xmlId] as const;

interface UserRow extends JsonObject {
  id: number;
  active: boolean;
  groups_id: number[];
}

interface GroupRow extends JsonObject {
  id: number;
  trans_implied_ids: number[];
}

/** The groups the user ends up with when given NEEDED_GROUPS: those plus what they imply. */
async function neededGroups(ctx: SetupContext): Promise<{ given: number[]; closure: Set<number> }> {
  const given: number[] = [];
  for (const xmlId of NEEDED_GROUPS) {
    const id = await refId(ctx.admin, xmlId);
    if (id === undefined) throw new SetupInputError(`group ${xmlId} not found in database "${ctx.options.db}"`);
    given.push(id);
  }
  const rows = await ctx.admin.read<GroupRow>('res.groups', given, ['trans_implied_ids']);
  return { given, closure: new Set([...given, ...rows.flatMap((row) => row.trans_implied_ids)]) };
}

const sameSet = (a: readonly number[], b: Set<number>): boolean => a.length === b.size && a.every((id) => b.has(id));

/**
 * Creates the sidecar's login, or brings an existing one to exactly the groups it needs and
 * active. `password` is set when given (a new password); otherwise the current one stays.
 */
export async function ensureTechnicalUser(ctx: SetupContext, password: string | undefined): Promise<StepResult> {
  const login = ctx.options.sidecarLogin;
  const { given, closure } = await neededGroups(ctx);
  const id = await userIdByLogin(ctx.admin, login);
  if (id === undefined) {
    if (password === undefined) throw new Error('a new technical user needs a password');
    await ctx.admin.create('res.users', {
      name: 'AI Automator sidecar',
      login,
      password,
      groups_id: [[6, 0, given]],
    });
    return { line: `user ${login}: created in "${SIDECAR_GROUP.name}", password set`, changed: true };
  }
  const [user] = await ctx.admin.read<UserRow>('res.users', [id], ['active', 'groups_id']);
  const values: JsonObject = {};
  const done: string[] = [];
  if (!user?.active) {
    values.active = true;
    done.push('reactivated');
  }
  if (!user || !sameSet(user.groups_id, closure)) {
    values.groups_id = [[6, 0, given]];
    done.push(`groups set to exactly "${SIDECAR_GROUP.name}" (and Internal User)`);
  }
  if (password !== undefined) {
    values.password = password;
    done.push('new password set');
  }
  if (done.length === 0) return { line: `user ${login}: groups right, password works, unchanged`, changed: false };
  await ctx.admin.write('res.users', [id], values);
  return { line: `user ${login}: ${done.join(', ')}`, changed: true };
}
