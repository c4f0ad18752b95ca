import nock from 'nock';
import { createOdooClient } from '../../src/odoo/client';
import type { OdooClientConfig, OdooLogger } from '../../src/odoo/config';
import {
  OdooAccessError,
  OdooAuthenticationError,
  OdooConnectionError,
  OdooDatabaseNotFoundError,
  OdooMissingError,
  OdooProtocolError,
  OdooServerError,
  OdooTimeoutError,
  OdooUserError,
  OdooValidationError,
} from '../../src/odoo/errors';
import { PROBES, type ProbeContext } from './helpers/client-probes';
import { errorBody, mockCallKw, mockLogin, recordedErrorBody, resultBody } from './helpers/odoo-mock';
import { loadFixture, REPLAY_CONFIG, REPLAY_URL, replay } from './helpers/replay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function sessionClient(overrides: Partial<OdooClientConfig> = {}) {
  return createOdooClient({
    url: REPLAY_URL,
    db: 'automator',
    user: 'sidecar',
    password: 'test-password',
    retries: 2,
    retryMinDelayMs: 1,
    ...overrides,
  });
}

describe('typed errors from recorded Odoo 18 answers', () => {
  const expected: Array<[string, new (...args: never[]) => Error, string]> = [
    ['wrongPassword', OdooAuthenticationError, 'Odoo rejected the credentials (authenticate): Access Denied'],
    ['jsonrpcWrongKey', OdooAuthenticationError, 'Odoo rejected the credentials (login): no user for login "sidecar" with that key on database "automator"'],
    ['unknownDatabase', OdooDatabaseNotFoundError, 'Odoo database "no_such_db" not found (authenticate): Database not found.'],
    ['jsonrpcUnknownDatabase', OdooDatabaseNotFoundError, 'Odoo database "no_such_db" not found (login)'],
    ['accessError', OdooAccessError, "Odoo refused access on res.users.write: You are not allowed to modify 'User' (res.users) records."],
    ['validationError', OdooValidationError, 'Odoo rejected the values on executions.create: The operation cannot be completed:'],
    ['missingError', OdooMissingError, 'Odoo record not found on canvas.write: Record does not exist or has been deleted.'],
    ['userError', OdooUserError, 'Odoo refused the operation on canvas.action_execute_workflow: The sidecar at http://127.0.0.1:5680 is unreachable'],
    ['valueError', OdooServerError, "Odoo server error on canvas.search_read: Invalid field 'no_such_field' on model 'canvas'"],
    ['json2OnOdoo18', OdooProtocolError, 'Unexpected answer from Odoo (HTTP 303 for /json/2/canvas/search_count, redirected to /web/login'],
  ];

  it.each(expected)('%s becomes %p', async (probe, errorClass, messageStart) => {
    const fixture = loadFixture(`probe-${probe}`);
    replay(fixture.exchanges);
    const context: ProbeContext = {
      base: REPLAY_CONFIG,
      canvasId: (fixture.outcome as { canvasId: number }).canvasId,
      destroySession: async () => undefined,
    };
    // Probes describe the error they met: its class name (new.target.name) and message.
    const outcome = (await (PROBES[probe] as (typeof PROBES)[string])(context)) as {
      error?: { name: string; message: string };
    };
    expect(outcome.error?.name).toBe(errorClass.name);
    expect(outcome.error?.message.slice(0, messageStart.length)).toBe(messageStart);
  });
});

describe('retries', () => {
  it('retries a PostgreSQL serialization failure, which Odoo rolled back, even for a create', async () => {
    mockLogin();
    let attempts = 0;
    mockCallKw('executions', 'create', () => {
      attempts += 1;
      return attempts === 1
        ? errorBody('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update')
        : resultBody([41]);
    });
    const client = sessionClient();
    await expect(client.createMany('executions', [{ execution_id: 'a' }])).resolves.toEqual([41]);
    expect(attempts).toBe(2);
    expect(client.stats.retries).toBe(1);
    expect(client.stats.snapshot()).toEqual({ 'executions.create': 1 });
  });

  it('gives up after the configured retries with a transient OdooServerError', async () => {
    mockLogin();
    mockCallKw('canvas', 'search_read', () =>
      errorBody('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update'),
    );
    const error = await sessionClient({ retries: 1 })
      .searchRead('canvas', [])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OdooServerError);
    expect((error as OdooServerError).transient).toBe(true);
    expect((error as Error).message).toBe(
      'Odoo server error on canvas.search_read: could not serialize access due to concurrent update',
    );
  });

  it('does not retry business errors', async () => {
    mockLogin();
    const calls = mockCallKw('executions', 'create', () => recordedErrorBody('validationError'));
    await expect(sessionClient().create('executions', { execution_id: 'x' })).rejects.toBeInstanceOf(OdooValidationError);
    expect(calls).toHaveLength(1);
  });

  it('retries a refused connection (nothing reached Odoo) and then reports it', async () => {
    nock(REPLAY_URL)
      .post('/web/session/authenticate')
      .times(3)
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8069' });
    const error = (await sessionClient()
      .create('executions', { execution_id: 'x' })
      .catch((caught: unknown) => caught)) as OdooConnectionError;
    expect(error).toBeInstanceOf(OdooConnectionError);
    expect(error.message).toBe('Cannot reach Odoo at http://odoo.replay.test:8069 (ECONNREFUSED) (authenticate)');
    expect(error.delivery).toBe('no');
    expect(nock.isDone()).toBe(true);
  });

  it('retries a refused create: the request never arrived', async () => {
    mockLogin();
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })
      .post('/web/dataset/call_kw/executions/create')
      .reply(200, resultBody(5));
    await expect(sessionClient().create('executions', { execution_id: 'x' })).resolves.toBe(5);
  });

  it('does not resend a create after a reset connection (it may have been committed), but does resend a read', async () => {
    mockLogin();
    // The first attempt of each is reset after sending.
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/executions/create')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post('/web/dataset/call_kw/executions/search_read')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const attempts = { create: 0, read: 0 };
    nock(REPLAY_URL)
      .persist()
      .post('/web/dataset/call_kw/executions/create')
      .reply(() => {
        attempts.create += 1;
        return [200, resultBody(1)];
      })
      .post('/web/dataset/call_kw/executions/search_read')
      .reply(() => {
        attempts.read += 1;
        return [200, resultBody([])];
      });
    const client = sessionClient();
    const error = (await client.create('executions', {}).catch((caught: unknown) => caught)) as OdooConnectionError;
    expect(error).toBeInstanceOf(OdooConnectionError);
    expect(error.message).toBe('Cannot reach Odoo at http://odoo.replay.test:8069 (ECONNRESET) on executions.create');
    expect(error.delivery).toBe('maybe');
    await expect(client.searchRead('executions', [])).resolves.toEqual([]);
    expect(attempts).toEqual({ create: 0, read: 1 });
  });

  it.each([
    [503, 'no', 2],
    [502, 'maybe', 1],
    [504, 'maybe', 1],
  ])('HTTP %i from a proxy on a write: delivery %s, %i attempt(s)', async (status, delivery, attempts) => {
    mockLogin();
    let seen = 0;
    nock(REPLAY_URL)
      .persist()
      .post('/web/dataset/call_kw/canvas/write')
      .reply(() => {
        seen += 1;
        return seen === 1 ? [status, '<html>gateway</html>'] : [200, resultBody(true)];
      });
    const result = await sessionClient()
      .write('canvas', [1], { name: 'x' })
      .catch((caught: unknown) => caught);
    expect(seen).toBe(attempts);
    if (attempts === 2) expect(result).toBe(true);
    else {
      expect(result).toBeInstanceOf(OdooConnectionError);
      expect((result as OdooConnectionError).message).toBe(`Odoo answered HTTP ${status} on canvas.write`);
      expect((result as OdooConnectionError).delivery).toBe(delivery);
    }
  });

  it('times out a hung call; a read is retried, a create is not', async () => {
    mockLogin();
    const attempts = { create: 0, count: 0 };
    nock(REPLAY_URL)
      .persist()
      .post('/web/dataset/call_kw/executions/create')
      .delay(300)
      .reply(() => {
        attempts.create += 1;
        return [200, resultBody(1)];
      })
      .post('/web/dataset/call_kw/executions/search_count')
      .delay(300)
      .reply(() => {
        attempts.count += 1;
        return [200, resultBody(7)];
      });
    const client = sessionClient({ timeoutMs: 50, retries: 1 });
    const error = await client.create('executions', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OdooTimeoutError);
    expect((error as Error).message).toBe('Odoo did not answer within 50 ms on executions.create');
    await expect(client.searchCount('executions', [])).rejects.toBeInstanceOf(OdooTimeoutError);
    expect(attempts).toEqual({ create: 1, count: 2 });
  });
});

describe('web session', () => {
  it('logs in once for concurrent first calls', async () => {
    const login = mockLogin();
    const calls = mockCallKw('canvas', 'search_count', () => resultBody(3));
    const client = sessionClient();
    await expect(Promise.all([1, 2, 3].map(() => client.searchCount('canvas', [])))).resolves.toEqual([3, 3, 3]);
    expect(login.isDone()).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it('sends the session cookie Odoo set', async () => {
    mockLogin();
    let cookie: string | undefined;
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/canvas/search_count')
      .reply(function reply() {
        cookie = this.req.headers.cookie as string | undefined;
        return [200, resultBody(0)];
      });
    await sessionClient().searchCount('canvas', []);
    expect(cookie).toBe('session_id=recorded-session-id');
  });

  it('reports wrong credentials when logging in again after an expiry fails', async () => {
    mockLogin();
    const expired = loadFixture('probe-sessionExpiredRenewed').exchanges[3];
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/canvas/search_count')
      .reply(200, resultBody(0))
      .post('/web/dataset/call_kw/canvas/search_count')
      .reply(200, expired?.responseBody as nock.Body)
      .post('/web/session/authenticate')
      .reply(200, recordedErrorBody('wrongPassword'));
    const client = sessionClient();
    await client.searchCount('canvas', []);
    await expect(client.searchCount('canvas', [])).rejects.toThrow(
      'Odoo rejected the credentials (authenticate): Access Denied',
    );
  });

  it('never hands the password or the cookie to the logger', async () => {
    const lines: string[] = [];
    const logger: OdooLogger = {
      debug: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
      warn: (message, meta) => lines.push(`${message} ${JSON.stringify(meta)}`),
    };
    mockLogin();
    const expired = loadFixture('probe-sessionExpiredRenewed').exchanges[3];
    nock(REPLAY_URL)
      .post('/web/dataset/call_kw/canvas/search_count')
      .replyWithError({ code: 'ECONNREFUSED', message: 'refused' })
      .post('/web/dataset/call_kw/canvas/search_count')
      .reply(200, expired?.responseBody as nock.Body);
    mockLogin();
    nock(REPLAY_URL).post('/web/dataset/call_kw/canvas/search_count').reply(200, resultBody(0));
    await sessionClient({ logger }).searchCount('canvas', []);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).not.toMatch(/test-password|recorded-session-id/);
  });
});

describe('choosing the transport', () => {
  it('refuses a session without a password, and JSON-2 without a key', async () => {
    await expect(
      createOdooClient({ url: REPLAY_URL, db: 'd', user: 'u', apiKey: 'k', transport: 'session' }).transportKind(),
    ).rejects.toThrow('Odoo transport "session" needs a password: session login refuses API keys (ODOO_PASSWORD / ODOO_API_KEY)');
    await expect(
      createOdooClient({ url: REPLAY_URL, db: 'd', user: 'u', password: 'p', transport: 'json2' }).transportKind(),
    ).rejects.toThrow('Odoo transport "json2" needs an API key');
  });

  it('picks the web session when a password is given (no version probe)', async () => {
    await expect(sessionClient().transportKind()).resolves.toBe('session');
  });
});
