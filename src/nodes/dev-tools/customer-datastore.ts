import type { Item } from '../../contracts/run-data';
import type { NodeContext, NodeResult, NodeTypeDefinition } from '../../contracts/node-type';
import type { JsonObject } from '../../workflow/json';
import { readBoolean, readNumber, readString } from '../core/shared/node-helpers';

/**
 * Customer Datastore (n8n training), n8n-nodes-base.n8nTrainingCustomerDatastore v1: the
 * fixed five customers n8n's tutorials and templates read. "Get One Person" gives the first
 * customer once per input item; "Get All People" the first `limit` (or all) per input item.
 */

const CUSTOMERS: readonly JsonObject[] = [
  { id: '23423532', name: 'Jay Gatsby', email: 'gatsby@west-egg.com', notes: 'Keeps asking about a green light??', country: 'US', created: '1925-04-10' },
  { id: '23423533', name: 'José Arcadio Buendía', email: 'jab@macondo.co', notes: 'Lots of people named after him. Very confusing', country: 'CO', created: '1967-05-05' },
  { id: '23423534', name: 'Max Sendak', email: 'info@in-and-out-of-weeks.org', notes: 'Keeps rolling his terrible eyes', country: 'US', created: '1963-04-09' },
  { id: '23423535', name: 'Zaphod Beeblebrox', email: 'captain@heartofgold.com', notes: 'Felt like I was talking to more than one person', country: null, created: '1979-10-12' },
  { id: '23423536', name: 'Edmund Pevensie', email: 'edmund@narnia.gov', notes: 'Passionate sailor', country: 'UK', created: '1950-10-16' },
];

function people(ctx: NodeContext, itemIndex: number): JsonObject[] {
  if (readBoolean(ctx, 'returnAll', itemIndex, false)) return [...CUSTOMERS];
  return CUSTOMERS.slice(0, readNumber(ctx, 'limit', itemIndex, 5));
}

async function execute(ctx: NodeContext): Promise<NodeResult> {
  const operation = readString(ctx, 'operation', 0, 'getOnePerson');
  const output: Item[] = [];
  ctx.getInputItems().forEach((_item, itemIndex) => {
    // n8n returns the one person unpaired (the engine pairs it) and the list paired.
    if (operation === 'getOnePerson') output.push({ json: { ...CUSTOMERS[0] } });
    if (operation === 'getAllPeople') {
      output.push(...people(ctx, itemIndex).map((json) => ({ json: { ...json }, pairedItem: { item: itemIndex } })));
    }
  });
  return [output];
}

export const customerDatastoreNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.n8nTrainingCustomerDatastore',
  aliases: ['n8nTrainingCustomerDatastore'],
  displayName: 'Customer Datastore (n8n training)',
  versions: [1],
  execute,
};
