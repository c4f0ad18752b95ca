import { NodeOperationError, WorkflowValidationError } from '../../src/errors';
import type { JsonObject, JsonValue } from '../../src/workflow/json';
import type { WorkflowNode } from '../../src/workflow/types';
import type { OdooGateway } from '../../src/contracts/node-services';
import { odooNode, odooNodes } from '../../src/nodes/odoo';
import { createOdooGateway } from '../../src/odoo';
import type { OdooClient } from '../../src/odoo/client';
import { fakeContext, items } from '../helpers/node-context';

interface GatewayCall {
  model: string;
  method: string;
  args: JsonValue[];
  kwargs?: JsonObject;
}

function fakeGateway(answer: (call: GatewayCall) => JsonValue | Error): { gateway: OdooGateway; calls: GatewayCall[] } {
  const calls: GatewayCall[] = [];
  return {
    calls,
    gateway: {
      call: async (model, method, args, kwargs) => {
        const call = { model, method, args, ...(kwargs === undefined ? {} : { kwargs }) };
        calls.push(call);
        const result = answer(call);
        if (result instanceof Error) throw result;
        return result;
      },
    },
  };
}

function run(parameters: JsonObject, answer: (call: GatewayCall) => JsonValue | Error, options: { inputs?: JsonObject[]; continueOnFail?: boolean; perItem?: JsonObject[] } = {}) {
  const { gateway, calls } = fakeGateway(answer);
  const ctx = fakeContext({
    type: 'n8n-nodes-base.odoo',
    parameters,
    inputs: [items(...(options.inputs ?? [{}]))],
    services: { odoo: gateway },
    continueOnFail: options.continueOnFail,
    perItem: options.perItem,
    node: { name: 'Odoo' },
  });
  return { result: odooNode.execute(ctx), calls };
}

describe('Odoo node (n8n-nodes-base.odoo v1)', () => {
  it('is registered under its n8n name and the short alias', () => {
    expect(odooNodes.map((node) => [node.type, node.aliases])).toEqual([['n8n-nodes-base.odoo', ['odoo']]]);
  });

  it('creates a contact with the address spread in, answering {id}', async () => {
    const { result, calls } = run(
      {
        resource: 'contact',
        operation: 'create',
        contactName: 'Ada',
        additionalFields: { email: 'ada@example.com', address: { value: { city: 'London', zip: 'N1' } } },
      },
      () => 42,
    );
    await expect(result).resolves.toEqual([[{ json: { id: 42 }, pairedItem: { item: 0 } }]]);
    expect(calls).toEqual([
      { model: 'res.partner', method: 'create', args: [{ name: 'Ada', email: 'ada@example.com', city: 'London', zip: 'N1' }] },
    ]);
  });

  it('creates a custom record from name/value fields', async () => {
    const { result, calls } = run(
      {
        resource: 'custom',
        customResource: 'canvas',
        operation: 'create',
        fieldsToCreateOrUpdate: { fields: [{ fieldName: 'name', fieldValue: 'From n8n' }, { fieldName: 'execution_timeout', fieldValue: 60 }] },
      },
      () => 9,
    );
    await expect(result).resolves.toEqual([[{ json: { id: 9 }, pairedItem: { item: 0 } }]]);
    expect(calls[0]).toEqual({ model: 'canvas', method: 'create', args: [{ name: 'From n8n', execution_timeout: 60 }] });
  });

  it('gets a record with the chosen fields: one item per record', async () => {
    const { result, calls } = run(
      { resource: 'opportunity', operation: 'get', opportunityId: '12', options: { fieldsList: ['name', 'expected_revenue'] } },
      () => [{ id: 12, name: 'Big deal', expected_revenue: 1000 }],
    );
    await expect(result).resolves.toEqual([[{ json: { id: 12, name: 'Big deal', expected_revenue: 1000 }, pairedItem: { item: 0 } }]]);
    expect(calls[0]).toEqual({ model: 'crm.lead', method: 'read', args: [[12]], kwargs: { fields: ['name', 'expected_revenue'] } });
  });

  it('gets many custom records with filters (list operators as arrays) and a limit', async () => {
    const { result, calls } = run(
      {
        resource: 'custom',
        customResource: 'executions',
        operation: 'getAll',
        limit: 5,
        filterRequest: {
          filter: [
            { fieldName: 'status', operator: 'equal', value: 'error' },
            { fieldName: 'canvas_id', operator: 'in', value: '3, 4' },
            { fieldName: 'mode', operator: 'notIn', value: 'manual,retry' },
          ],
        },
        options: { fieldsList: 'execution_id, status' },
      },
      () => [
        { id: 1, execution_id: 'a', status: 'error' },
        { id: 2, execution_id: 'b', status: 'error' },
      ],
    );
    await expect(result).resolves.toEqual([
      [
        { json: { id: 1, execution_id: 'a', status: 'error' }, pairedItem: { item: 0 } },
        { json: { id: 2, execution_id: 'b', status: 'error' }, pairedItem: { item: 0 } },
      ],
    ]);
    expect(calls[0]).toEqual({
      model: 'executions',
      method: 'search_read',
      args: [[['status', '=', 'error'], ['canvas_id', 'in', [3, 4]], ['mode', 'not in', ['manual', 'retry']]]],
      kwargs: { fields: ['execution_id', 'status'], limit: 5 },
    });
  });

  it('returns all records without a limit when returnAll is set', async () => {
    const { result, calls } = run({ resource: 'note', operation: 'getAll', returnAll: true }, () => []);
    await expect(result).resolves.toEqual([[]]);
    expect(calls[0]).toEqual({ model: 'note.note', method: 'search_read', args: [[]], kwargs: {} });
  });

  it('counts records matching the filters with search_count (our extension), answering {count}', async () => {
    const filterRequest = { filter: [{ fieldName: 'country_id.code', operator: 'equal', value: 'BE' }] };
    const { result, calls } = run({ resource: 'custom', customResource: 'res.partner', operation: 'count', filterRequest }, () => 7);
    await expect(result).resolves.toEqual([[{ json: { count: 7 }, pairedItem: { item: 0 } }]]);
    expect(calls).toEqual([{ model: 'res.partner', method: 'search_count', args: [[['country_id.code', '=', 'BE']]] }]);
  });

  it('updates a record, answering the id as given', async () => {
    const { result, calls } = run(
      { resource: 'contact', operation: 'update', contactId: '7', updateFields: { phone: '+49 30 1234' } },
      () => true,
    );
    await expect(result).resolves.toEqual([[{ json: { id: '7' }, pairedItem: { item: 0 } }]]);
    expect(calls[0]).toEqual({ model: 'res.partner', method: 'write', args: [[7], { phone: '+49 30 1234' }] });
  });

  it('deletes a record, answering {success: true}', async () => {
    const { result, calls } = run({ resource: 'custom', customResource: 'canvas', operation: 'delete', customResourceId: 3 }, () => true);
    await expect(result).resolves.toEqual([[{ json: { success: true }, pairedItem: { item: 0 } }]]);
    expect(calls[0]).toEqual({ model: 'canvas', method: 'unlink', args: [[3]] });
  });

  it('calls any method with JSON args and kwargs (our extension)', async () => {
    const { result, calls } = run(
      { resource: 'custom', customResource: 'res.partner', operation: 'call', method: 'name_search', args: '["Ada"]', kwargs: { limit: 2 } },
      () => [
        [3, 'Ada Lovelace'],
        [4, 'Ada B'],
      ],
    );
    await expect(result).resolves.toEqual([
      [
        { json: { result: [3, 'Ada Lovelace'] }, pairedItem: { item: 0 } },
        { json: { result: [4, 'Ada B'] }, pairedItem: { item: 0 } },
      ],
    ]);
    expect(calls[0]).toEqual({ model: 'res.partner', method: 'name_search', args: ['Ada'], kwargs: { limit: 2 } });
  });

  it('wraps a method result that is not a record', async () => {
    const { result } = run({ resource: 'custom', customResource: 'canvas', operation: 'call', method: 'action_unarchive', args: [[1]] }, () => null);
    await expect(result).resolves.toEqual([[{ json: { result: null }, pairedItem: { item: 0 } }]]);
  });

  it('runs once per input item with that item parameters', async () => {
    const { result, calls } = run(
      { resource: 'contact', operation: 'delete' },
      () => true,
      { inputs: [{ id: 1 }, { id: 2 }], perItem: [{ contactId: '1' }, { contactId: '2' }] },
    );
    await expect(result).resolves.toEqual([
      [
        { json: { success: true }, pairedItem: { item: 0 } },
        { json: { success: true }, pairedItem: { item: 1 } },
      ],
    ]);
    expect(calls.map((call) => call.args)).toEqual([[[1]], [[2]]]);
  });

  it.each([
    [{ resource: 'contact', operation: 'get', contactId: 'abc' }, 'Please specify a valid ID: abc'],
    [{ resource: 'contact', operation: 'update', contactId: '3', updateFields: {} }, 'Please specify at least one field to update'],
    [{ resource: 'custom', operation: 'getAll' }, 'Choose the model to use ("Custom Resource")'],
    [{ resource: 'custom', customResource: 'canvas', operation: 'call' }, 'Name the method to call ("Method")'],
    [{ resource: 'custom', customResource: 'canvas', operation: 'call', method: 'x', args: '{}' }, '"Arguments" must be a JSON array'],
  ])('refuses %j: %s', async (parameters, message) => {
    const { result, calls } = run(parameters, () => true);
    await expect(result).rejects.toThrow(new NodeOperationError('Odoo', message));
    expect(calls).toEqual([]);
  });

  it('fails with the Odoo message, or turns it into an item with continueOnFail', async () => {
    const failure = new Error('Odoo refused access on res.partner.unlink: You are not allowed to delete');
    const parameters = { resource: 'contact', operation: 'delete', contactId: '1' };
    await expect(run(parameters, () => failure).result).rejects.toThrow(
      'Odoo refused access on res.partner.unlink: You are not allowed to delete',
    );
    await expect(run(parameters, () => failure, { continueOnFail: true }).result).resolves.toEqual([
      [{ json: { error: 'Odoo refused access on res.partner.unlink: You are not allowed to delete' }, pairedItem: { item: 0 } }],
    ]);
  });

  it('says so when the service has no Odoo connection', async () => {
    const ctx = fakeContext({ type: 'n8n-nodes-base.odoo', parameters: { resource: 'contact', operation: 'getAll' }, node: { name: 'Odoo' } });
    await expect(odooNode.execute(ctx)).rejects.toThrow(
      "The Odoo node uses the service's own Odoo connection, and this service has none (set ODOO_URL)",
    );
  });

  it('refuses unknown resources and operations when the workflow loads', () => {
    const node = (parameters: JsonObject) => ({ name: 'Odoo', parameters }) as WorkflowNode;
    expect(() => odooNode.validate?.(node({ resource: 'invoice' }))).toThrow(WorkflowValidationError);
    expect(() => odooNode.validate?.(node({ resource: 'invoice' }))).toThrow(
      'Node "Odoo" has an unknown Odoo resource "invoice" (use attachment, contact, custom, note, opportunity)',
    );
    expect(() => odooNode.validate?.(node({ operation: 'upsert' }))).toThrow(
      'Node "Odoo" has an unknown Odoo operation "upsert" (use create, delete, get, getAll, update, call, count)',
    );
    expect(() => odooNode.validate?.(node({ resource: '={{ $json.r }}', operation: 'getAll' }))).not.toThrow();
  });
});

describe('createOdooGateway', () => {
  it('passes calls to the client, with empty kwargs when none are given', async () => {
    const seen: unknown[] = [];
    const client = { call: async (...args: unknown[]) => (seen.push(args), 'ok') } as unknown as OdooClient;
    const gateway = createOdooGateway(client);
    await expect(gateway.call('canvas', 'search_count', [[]])).resolves.toBe('ok');
    await expect(gateway.call('canvas', 'read', [[1]], { fields: ['name'] })).resolves.toBe('ok');
    expect(seen).toEqual([
      ['canvas', 'search_count', [[]], {}],
      ['canvas', 'read', [[1]], { fields: ['name'] }],
    ]);
  });
});

describe('Odoo node with an odooApi credential (another Odoo than the sidecar`s)', () => {
  const stored = (data: JsonObject) => ({
    resolve: async (type: string, reference: { id?: string; name?: string }) => {
      if (type !== 'odooApi' || reference.name !== 'Branch Odoo') throw new Error(`unexpected ${type} ${JSON.stringify(reference)}`);
      return { id: 'o1', name: 'Branch Odoo', type, data };
    },
    update: async () => undefined,
  });

  function runWithCredential(data: JsonObject, parameters: JsonObject) {
    const logins: JsonValue[] = [];
    let closed = 0;
    const { gateway: other, calls } = fakeGateway(() => [{ id: 7, name: 'Branch partner' }]);
    const { gateway: own, calls: ownCalls } = fakeGateway(() => []);
    const ctx = fakeContext({
      type: 'n8n-nodes-base.odoo',
      parameters,
      inputs: [items({})],
      node: { name: 'Odoo', credentials: { odooApi: { id: 'o1', name: 'Branch Odoo' } } },
      services: {
        odoo: own,
        credentials: stored(data),
        odooConnector: {
          open: (login) => {
            logins.push({ ...login });
            return { call: other.call, close: async () => void (closed += 1) };
          },
        },
      },
    });
    return { result: odooNode.execute(ctx), calls, ownCalls, logins, closed: () => closed };
  }

  it('reaches the credential`s Odoo (url without its trailing slash), not the sidecar`s, and closes the connection', async () => {
    const run = runWithCredential(
      { url: 'https://branch.example.com/', db: 'branch_db', username: 'bot', password: 'branch-pass' },
      { resource: 'custom', operation: 'getAll', customResource: 'res.partner', returnAll: true },
    );
    await expect(run.result).resolves.toEqual([[{ json: { id: 7, name: 'Branch partner' }, pairedItem: { item: 0 } }]]);
    expect(run.logins).toEqual([{ url: 'https://branch.example.com', db: 'branch_db', user: 'bot', password: 'branch-pass' }]);
    expect(run.calls).toEqual([{ model: 'res.partner', method: 'search_read', args: [[]], kwargs: {} }]);
    expect(run.ownCalls).toEqual([]);
    expect(run.closed()).toBe(1);
  });

  it('without a db takes the first label of the host name, as n8n`s odooGetDBName', async () => {
    const run = runWithCredential({ url: 'https://acme.odoo.com', username: 'bot', password: 'k' }, { resource: 'contact', operation: 'get', contactId: '3' });
    await run.result;
    expect(run.logins).toEqual([{ url: 'https://acme.odoo.com', db: 'acme', user: 'bot', password: 'k' }]);
  });

  it('a credential without a usable URL fails the node saying so, and opens nothing', async () => {
    const run = runWithCredential({ url: '', username: 'bot', password: 'k' }, { resource: 'contact', operation: 'get', contactId: '3' });
    await expect(run.result).rejects.toThrow('The odooApi credential has no usable URL: set "url" to the Odoo address, e.g. https://erp.example.com');
    expect(run.logins).toEqual([]);
  });
});
