import nock from 'nock';
import { createOdooClient } from '../../src/odoo/client';
import { OdooAuthenticationError, OdooProtocolError, OdooValidationError } from '../../src/odoo/errors';
import { json2Body } from '../../src/odoo/transports/json2';
import { resultBody } from './helpers/odoo-mock';

/*
 * No Odoo 19 runs here: these answers follow Odoo 19's external API documentation
 * (odoo/documentation 19.0 developer/reference/external_api.rst): named arguments in the
 * body, the raw result on 200, `{name, message, arguments, context, debug}` on errors.
 */
const URL19 = 'http://odoo19.test';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function json2Client() {
  return createOdooClient({ url: URL19, db: 'prod', user: 'sidecar', apiKey: 'key-19', transport: 'json2', retries: 0 });
}

describe('JSON-2 body: positional arguments become named ones', () => {
  it.each([
    ['search_read', [[['state', '=', 'done']], ['name'], 0, 5], { domain: [['state', '=', 'done']], fields: ['name'], offset: 0, limit: 5 }],
    ['write', [[3, 4], { name: 'x' }], { ids: [3, 4], vals: { name: 'x' } }],
    ['create', [[{ name: 'a' }, { name: 'b' }]], { vals_list: [{ name: 'a' }, { name: 'b' }] }],
    ['create', [{ name: 'a' }], { vals_list: [{ name: 'a' }] }],
    ['action_done', [[9]], { ids: [9] }],
  ])('%s %j', (method, args, body) => {
    expect(json2Body({ model: 'm', method, args, kwargs: {} })).toEqual(body);
  });

  it('keeps kwargs and refuses positional arguments it cannot name', () => {
    expect(json2Body({ model: 'm', method: 'read', args: [[1]], kwargs: { fields: ['name'] } })).toEqual({
      ids: [1],
      fields: ['name'],
    });
    expect(() => json2Body({ model: 'sale.order', method: 'action_confirm', args: [[1], true], kwargs: {} })).toThrow(
      'JSON-2 needs named arguments: pass the arguments of sale.order.action_confirm after the ids as kwargs',
    );
  });
});

describe('JSON-2 transport', () => {
  it('posts named arguments with the bearer key and the database header', async () => {
    let headers: Record<string, unknown> = {};
    nock(URL19)
      .post('/json/2/canvas/search_read', { domain: [], fields: ['name'], limit: 2 })
      .reply(function reply() {
        headers = this.req.headers;
        return [200, [{ id: 1, name: 'A' }]];
      });
    await expect(json2Client().searchRead('canvas', [], { fields: ['name'], limit: 2 })).resolves.toEqual([{ id: 1, name: 'A' }]);
    expect(headers.authorization).toBe('bearer key-19');
    expect(headers['x-odoo-database']).toBe('prod');
  });

  it('returns the single id of a one-record create', async () => {
    nock(URL19).post('/json/2/executions/create', { vals_list: [{ execution_id: 'e' }] }).reply(200, [12]);
    await expect(json2Client().create('executions', { execution_id: 'e' })).resolves.toBe(12);
  });

  it('maps 401 Unauthorized to wrong credentials and 422 errors by name', async () => {
    nock(URL19)
      .post('/json/2/canvas/search_count')
      .reply(401, { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey', arguments: [], context: {}, debug: '' })
      .post('/json/2/canvas/create')
      .reply(422, { name: 'odoo.exceptions.ValidationError', message: 'bad name', arguments: ['bad name'], context: {}, debug: '' });
    const client = json2Client();
    const denied = await client.searchCount('canvas', []).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(OdooAuthenticationError);
    expect((denied as Error).message).toBe('Odoo rejected the credentials on canvas.search_count: Invalid apikey');
    const invalid = await client.create('canvas', { name: '' }).catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(OdooValidationError);
    expect((invalid as Error).message).toBe('Odoo rejected the values on canvas.create: bad name');
  });

  it('chooses JSON-2 for an API key on Odoo 19 and /jsonrpc on Odoo 18', async () => {
    nock(URL19)
      .post('/web/webclient/version_info')
      .reply(200, resultBody({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''] }));
    await expect(
      createOdooClient({ url: URL19, db: 'prod', user: 'sidecar', apiKey: 'k' }).transportKind(),
    ).resolves.toBe('json2');
    nock('http://odoo18.test')
      .post('/web/webclient/version_info')
      .reply(200, resultBody({ server_version: '18.0', server_version_info: [18, 0, 0, 'final', 0, ''] }));
    await expect(
      createOdooClient({ url: 'http://odoo18.test', db: 'prod', user: 'sidecar', apiKey: 'k' }).transportKind(),
    ).resolves.toBe('jsonrpc');
  });

  it('refuses a 200 answer that is not JSON (a login page)', async () => {
    nock(URL19).post('/json/2/canvas/search_count').reply(200, '<html>login</html>', { 'content-type': 'text/html' });
    await expect(json2Client().searchCount('canvas', [])).rejects.toBeInstanceOf(OdooProtocolError);
  });
});
