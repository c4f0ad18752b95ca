import type { OdooClient } from '../odoo';
import type { JsonObject } from '../workflow/json';

/** The database id of a record named by its XML id (`module.name`), or undefined. */
export async function refId(client: OdooClient, xmlId: string): Promise<number | undefined> {
  const [module, name] = xmlId.split('.', 2) as [string, string];
  const [row] = await client.searchRead<{ res_id: number } & JsonObject>('ir.model.data', [['module', '=', module], ['name', '=', name]], {
    fields: ['res_id'],
    limit: 1,
  });
  return row?.res_id;
}

/** The id of the user with this login, archived users included. */
export async function userIdByLogin(client: OdooClient, login: string): Promise<number | undefined> {
  const [id] = await client.search('res.users', [['login', '=', login]], { limit: 1, context: { active_test: false } });
  return id;
}
