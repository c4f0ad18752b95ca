import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { WorkflowJson } from '../../src/workflow/types';
import { AUTH, startTestService, type TestService } from './helpers/test-service';
import { NOOP, WEBHOOK, chain } from './helpers/workflows';

const PASSPHRASE = 'jwt-passphrase-secret-71';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const hook = (id: string, path: string, credential: { id: string; name: string }) =>
  chain(id, [['Webhook', WEBHOOK, { httpMethod: 'POST', path, authentication: 'jwtAuth', responseMode: 'lastNode' }, { credentials: { jwtAuth: credential } }], ['Done', NOOP]]);

const workflows: WorkflowJson[] = [
  hook('jwt-pass', 'jwt/pass', { id: 'j1', name: 'Partner JWT' }),
  hook('jwt-pem', 'jwt/pem', { id: 'j2', name: 'Signed by key' }),
  hook('jwt-gone', 'jwt/gone', { id: 'nope', name: 'Nowhere' }),
  {
    ...chain('jwt-wait', [
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Wait', 'n8n-nodes-base.wait', { resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'jwtAuth' }, { typeVersion: 1.1, credentials: { jwtAuth: { id: 'j1', name: 'Partner JWT' } } }],
      ['Done', NOOP],
    ]),
  },
];

describe('Webhook and Wait-resume JWT authentication (n8n jwtAuth credentials)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ workflows, env: { CREDENTIALS_KEY: 'jwt test key' } });
    await service.built.credentials!.create({ id: 'j1', name: 'Partner JWT', type: 'jwtAuth', data: { keyType: 'passphrase', secret: PASSPHRASE, algorithm: 'HS256' } });
    // A public key pasted on one line, as n8n's credential field often gets it.
    await service.built.credentials!.create({ id: 'j2', name: 'Signed by key', type: 'jwtAuth', data: { keyType: 'pemKey', publicKey: PUBLIC_PEM.replace(/\n/g, ' '), algorithm: 'RS256' } });
    for (const id of ['jwt-pass', 'jwt-pem', 'jwt-gone']) expect((await service.http.post(`/canvas/${id}/activate`).set(AUTH).send({})).status).toBe(200);
  });
  afterAll(async () => {
    await service.close();
    service.cleanup();
  });

  it('lets a token signed with the passphrase in and puts its payload on the item as jwtPayload', async () => {
    const token = jwt.sign({ sub: 'partner-9', scope: 'orders' }, PASSPHRASE, { algorithm: 'HS256', noTimestamp: true });
    const answer = await service.http.post('/webhook/jwt/pass').set('Authorization', `Bearer ${token}`).send({ order: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body.jwtPayload).toEqual({ sub: 'partner-9', scope: 'orders' });
    expect(answer.body.body).toEqual({ order: 1 });
  });

  it('answers n8n`s 401 "No token provided" and 403 with jsonwebtoken`s reason, each with the Basic challenge', async () => {
    const none = await service.http.post('/webhook/jwt/pass').send({});
    expect([none.status, none.text, none.headers['www-authenticate']]).toEqual([401, 'No token provided', 'Basic realm="Webhook"']);
    const schemeOnly = await service.http.post('/webhook/jwt/pass').set('Authorization', 'Bearer').send({});
    expect([schemeOnly.status, schemeOnly.text]).toEqual([401, 'No token provided']);
    const cases: Array<[string, string]> = [
      [jwt.sign({ sub: 'x' }, 'another passphrase', { algorithm: 'HS256' }), 'invalid signature'],
      [jwt.sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 60 }, PASSPHRASE, { algorithm: 'HS256' }), 'jwt expired'],
      [jwt.sign({ sub: 'x' }, PASSPHRASE, { algorithm: 'HS512' }), 'invalid algorithm'],
      ['not-a-token', 'jwt malformed'],
    ];
    for (const [token, reason] of cases) {
      const refused = await service.http.post('/webhook/jwt/pass').set('Authorization', `Bearer ${token}`).send({});
      expect([refused.status, refused.text, refused.headers['www-authenticate']]).toEqual([403, reason, 'Basic realm="Webhook"']);
    }
  });

  it('verifies RS256 tokens with a PEM public key pasted on one line', async () => {
    const token = jwt.sign({ sub: 'signed' }, PRIVATE_PEM, { algorithm: 'RS256', noTimestamp: true });
    const answer = await service.http.post('/webhook/jwt/pem').set('Authorization', `Bearer ${token}`).send({});
    expect([answer.status, answer.body.jwtPayload]).toEqual([200, { sub: 'signed' }]);
    const forged = jwt.sign({ sub: 'signed' }, PASSPHRASE, { algorithm: 'HS256' });
    expect((await service.http.post('/webhook/jwt/pem').set('Authorization', `Bearer ${forged}`).send({})).status).toBe(403);
  });

  it('a credential that does not exist answers 500 "No authentication data defined on node!"', async () => {
    const token = jwt.sign({}, PASSPHRASE);
    const refused = await service.http.post('/webhook/jwt/gone').set('Authorization', `Bearer ${token}`).send({});
    expect([refused.status, refused.text]).toEqual([500, 'No authentication data defined on node!']);
  });

  it('a Wait node resumes only with a valid token', async () => {
    const executed = await service.http.post('/canvas/jwt-wait/execute').set(AUTH).send({});
    expect(executed.body.status).toBe('waiting');
    const { resumeUrl } = (await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data;
    const url = new URL(resumeUrl);
    const path = `${url.pathname}${url.search}`;
    const publicHttp = request(service.built.app);
    expect((await publicHttp.post(path).send({})).status).toBe(401);
    expect((await publicHttp.post(path).set('Authorization', `Bearer ${jwt.sign({}, 'wrong')}`).send({})).status).toBe(403);
    const resumed = await publicHttp.post(path).set('Authorization', `Bearer ${jwt.sign({ ok: true }, PASSPHRASE)}`).send({ approved: true });
    expect(resumed.status).toBe(200);
    await service.built.service.drain(2000);
    expect((await service.http.get(`/executions/${executed.body.executionId}`).set(AUTH)).body.data.status).toBe('success');
  });
});
