import {
  checkWebhookAuth,
  inlineCredentials,
  resolveWebhookAuth,
  sameSecret,
  webhookAuthFromCredential,
  type WebhookAuth,
} from '../../../../src/nodes/webhook';

const basic = (user: string, password: string, scheme = 'Basic') => `${scheme} ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const REQUIRED = { statusCode: 401, headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="Webhook"' }, body: 'Authorization is required!' };
const WRONG = { statusCode: 403, headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="Webhook"' }, body: 'Authorization data is wrong!' };

describe('webhook authentication (shared by the Webhook node and Wait resume)', () => {
  const basicAuth: WebhookAuth = { kind: 'basicAuth', user: 'odoo', password: 's3cret' };
  const headerAuth: WebhookAuth = { kind: 'headerAuth', name: 'x-key', value: 'k1' };

  it.each([
    ['no header', undefined, REQUIRED],
    ['another scheme', basic('odoo', 's3cret', 'Bearer'), REQUIRED],
    ['no colon in the pair', `Basic ${Buffer.from('odoos3cret').toString('base64')}`, REQUIRED],
    ['a wrong password', basic('odoo', 'nope'), WRONG],
    ['a wrong user', basic('odoo2', 's3cret'), WRONG],
    ['the password plus a suffix', basic('odoo', 's3cretX'), WRONG],
    ['a prefix of the password', basic('odoo', 's3cre'), WRONG],
    ['the user plus a suffix', basic('odoox', 's3cret'), WRONG],
    ['an empty password', basic('odoo', ''), WRONG],
  ])('basic auth refuses %s with n8n answer', (_case, authorization, expected) => {
    expect(checkWebhookAuth(basicAuth, authorization === undefined ? {} : { authorization })).toEqual(expected);
  });

  it('basic auth lets the right pair in, the scheme in any case, and a password holding colons', () => {
    expect(checkWebhookAuth(basicAuth, { authorization: basic('odoo', 's3cret') })).toBeUndefined();
    expect(checkWebhookAuth(basicAuth, { authorization: basic('odoo', 's3cret', 'basic') })).toBeUndefined();
    expect(checkWebhookAuth({ kind: 'basicAuth', user: 'u', password: 'a:b' }, { authorization: basic('u', 'a:b') })).toBeUndefined();
  });

  it.each([
    ['no header', {}],
    ['a wrong value', { 'x-key': 'k2' }],
    ['the value plus a suffix', { 'x-key': 'k1 ' }],
    ['a prefix of the value', { 'x-key': 'k' }],
    ['the value under another header', { 'x-other': 'k1' }],
  ])('header auth refuses %s with 403', (_case, headers) => {
    expect(checkWebhookAuth(headerAuth, headers)).toEqual(WRONG);
  });

  it('header auth lets the exact value in; no auth lets everything in', () => {
    expect(checkWebhookAuth(headerAuth, { 'x-key': 'k1' })).toBeUndefined();
    expect(checkWebhookAuth({ kind: 'none' }, {})).toBeUndefined();
  });

  it('compares secrets whole, whatever their lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('abcd', 'abc')).toBe(false);
    expect(sameSecret('', 'a')).toBe(false);
  });

  it('resolves secrets from credential data and refuses incomplete data (n8n: 500 "No authentication data defined on node!")', () => {
    expect(webhookAuthFromCredential('basicAuth', { user: 'u', password: 'p' })).toEqual({ kind: 'basicAuth', user: 'u', password: 'p' });
    expect(webhookAuthFromCredential('basicAuth', { username: 'u', password: 'p' })).toEqual({ kind: 'basicAuth', user: 'u', password: 'p' });
    expect(webhookAuthFromCredential('basicAuth', { user: 'u', password: '' })).toBeUndefined();
    expect(webhookAuthFromCredential('headerAuth', { name: 'X-Key', value: 'v' })).toEqual({ kind: 'headerAuth', name: 'x-key', value: 'v' });
    expect(webhookAuthFromCredential('headerAuth', { name: 'X-Key' })).toBeUndefined();
    expect(webhookAuthFromCredential('headerAuth', undefined)).toBeUndefined();
  });

  it('finds inline credentials on the node or in its parameters (Odoo node records)', async () => {
    const onNode = { credentials: { httpHeaderAuth: { name: 'X-A', value: '1' } }, parameters: {} };
    const inParameters = { parameters: { credentials: { httpHeaderAuth: { name: 'X-B', value: '2' } } } };
    expect(inlineCredentials(onNode, 'httpHeaderAuth')).toEqual({ name: 'X-A', value: '1' });
    expect(await resolveWebhookAuth('headerAuth', inParameters)).toEqual({ kind: 'headerAuth', name: 'x-b', value: '2' });
    expect(await resolveWebhookAuth('basicAuth', inParameters)).toBeUndefined();
    expect(await resolveWebhookAuth('none', undefined)).toEqual({ kind: 'none' });
  });
});
