import fs from 'node:fs';
import { AUTH, startTestService, type TestService } from './helpers/test-service';

const exportFile = `${__dirname}/../fixtures/n8n-credentials-export.json`;
const SECRET = 'planted-secret-123';

describe('credentials API', () => {
  let service: TestService;
  const answers: string[] = [];
  const record = <T extends { text: string }>(response: T): T => {
    answers.push(response.text);
    return response;
  };

  beforeAll(async () => {
    service = await startTestService({ env: { CREDENTIALS_KEY: 'api test key' } });
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('needs the management key', async () => {
    expect((await service.http.get('/credentials')).status).toBe(401);
    expect((await service.http.post('/credentials').send({ name: 'x', type: 'httpBearerAuth', data: {} })).status).toBe(401);
  });

  it('lists the credential types with their form fields (GET /credential-types), internal fields left out', async () => {
    expect((await service.http.get('/credential-types')).status).toBe(401);
    const answer = await service.http.get('/credential-types').set(AUTH);
    expect(answer.status).toBe(200);
    const types = answer.body.data as Array<{ type: string; displayName: string; fields: Array<{ name: string; kind: string; secret: boolean; default: unknown }> }>;
    expect(types.find((info) => info.type === 'httpHeaderAuth')).toEqual({
      type: 'httpHeaderAuth',
      displayName: 'Header Auth',
      fields: [
        { name: 'name', kind: 'string', secret: false, default: '' },
        { name: 'value', kind: 'string', secret: true, default: '' },
      ],
    });
    const oauth = types.find((info) => info.type === 'oAuth2Api');
    expect(oauth?.fields.map((field) => field.name)).not.toContain('oauthTokenData');
    expect(oauth?.fields.find((field) => field.name === 'grantType')).toEqual({ name: 'grantType', kind: 'options', secret: false, default: 'authorizationCode', options: ['authorizationCode', 'clientCredentials', 'pkce'] });
  });

  it('creates (201 with id, name, type, createdAt only), lists and describes without values', async () => {
    const created = record(await service.http.post('/credentials').set(AUTH).send({ name: 'Shop API', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: SECRET } }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ success: true, data: { id: expect.stringMatching(/^[A-Za-z0-9]{16}$/), name: 'Shop API', type: 'httpHeaderAuth', createdAt: expect.stringMatching(/Z$/) } });
    const { id } = created.body.data;

    const list = record(await service.http.get('/credentials').set(AUTH));
    expect(list.body).toEqual({ success: true, data: [{ id, name: 'Shop API', type: 'httpHeaderAuth', createdAt: expect.any(String), updatedAt: expect.any(String) }] });

    const one = record(await service.http.get(`/credentials/${id}`).set(AUTH));
    expect(one.body.data).toEqual({
      id,
      name: 'Shop API',
      type: 'httpHeaderAuth',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      fields: [
        { name: 'name', secret: false, set: true },
        { name: 'value', secret: true, set: true },
      ],
    });
  });

  it('patches: fields left out stay; the new values are used', async () => {
    const { body } = await service.http.post('/credentials').set(AUTH).send({ name: 'Login', type: 'httpBasicAuth', data: { user: 'ada', password: 'old-pw' } });
    const patched = record(await service.http.patch(`/credentials/${body.data.id}`).set(AUTH).send({ name: 'Login 2', data: { password: 'new-pw' } }));
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ id: body.data.id, name: 'Login 2', type: 'httpBasicAuth' });
    const resolved = await service.built.credentials!.resolve('httpBasicAuth', { id: body.data.id });
    expect(resolved.data).toEqual({ user: 'ada', password: 'new-pw' });
  });

  it('deletes, then answers 404', async () => {
    const { body } = await service.http.post('/credentials').set(AUTH).send({ name: 'Tmp', type: 'httpBearerAuth', data: { token: SECRET } });
    expect(record(await service.http.delete(`/credentials/${body.data.id}`).set(AUTH)).body).toEqual({ success: true, data: { id: body.data.id } });
    const gone = record(await service.http.get(`/credentials/${body.data.id}`).set(AUTH));
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ success: false, error: { code: 'not_found', message: `Credential ${body.data.id} not found` } });
    expect((await service.http.patch(`/credentials/${body.data.id}`).set(AUTH).send({ name: 'x' })).status).toBe(404);
    expect((await service.http.delete(`/credentials/${body.data.id}`).set(AUTH)).status).toBe(404);
  });

  it('refuses bad bodies with 400 naming the fields, and never echoes a value', async () => {
    const bad = record(await service.http.post('/credentials').set(AUTH).send({ name: '', type: 'not a type', data: SECRET }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid body of POST /credentials: name: must not be empty; type: must be an n8n credential type name such as httpHeaderAuth; data: must be an object of credential fields',
    );
    const extra = record(await service.http.patch('/credentials/x').set(AUTH).send({ type: 'smtp' }));
    expect(extra.status).toBe(400);
    const broken = record(await service.http.post('/credentials').set(AUTH).set('Content-Type', 'application/json').send(`{"name": "x", "data": {"value": ${SECRET}}}`));
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toBe('The request body is not valid JSON');
  });

  it('imports n8n export:credentials --decrypted output unchanged, keeping ids; again updates', async () => {
    const exported = JSON.parse(fs.readFileSync(exportFile, 'utf8'));
    const first = record(await service.http.post('/credentials/import').set(AUTH).send(exported));
    expect(first.status).toBe(201);
    expect(first.body.data.created.map((entry: { id: string; name: string; type: string }) => [entry.id, entry.name, entry.type])).toEqual([
      ['7', 'Shop API', 'httpHeaderAuth'],
      ['aB3dE5fG7hI9jK1l', 'Basic login', 'httpBasicAuth'],
      ['oauth1', 'My OAuth', 'oAuth2Api'],
    ]);
    expect(first.body.data.updated).toEqual([]);
    expect((await service.built.credentials!.resolve('httpBasicAuth', { id: 'aB3dE5fG7hI9jK1l' })).data).toEqual({ user: 'ada', password: 'pw-secret' });

    const again = record(await service.http.post('/credentials/import').set(AUTH).send(exported[0]));
    expect(again.body.data).toEqual({ created: [], updated: [expect.objectContaining({ id: '7', name: 'Shop API' })] });
  });

  it('refuses an export made without --decrypted, importing nothing', async () => {
    const before = (await service.http.get('/credentials').set(AUTH)).body.data.length;
    const encrypted = [
      { id: 'e1', name: 'Fine', type: 'httpBearerAuth', data: { token: 't' } },
      { id: 'e2', name: 'Shop API', type: 'httpHeaderAuth', data: 'U2FsdGVkX18hF9g2XYL04VpFZ8LPoYb47YQo9RJR4DCe6A6GjtB7pAqT3UfSgOw9' },
    ];
    const refused = record(await service.http.post('/credentials/import').set(AUTH).send(encrypted));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('credential 1 ("Shop API") is encrypted with n8n\'s own key: export with "n8n export:credentials --all --decrypted" and import that file');
    expect((await service.http.get('/credentials').set(AUTH)).body.data).toHaveLength(before);
  });

  it('no answer above held a secret', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) {
      expect(answer).not.toContain(SECRET);
      expect(answer).not.toContain('pw-secret');
      expect(answer).not.toContain('new-pw');
    }
  });
});
