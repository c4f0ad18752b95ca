import net from 'node:net';
import nock from 'nock';
import { loadConfig } from '../../src/config';
import { startService } from '../../src/main';
import { assertSidecarRights, createOdooClient, OdooRightsError } from '../../src/odoo';
import { checkOdooLoginRights } from '../../src/server/startup-rights';
import { loadFixture, REPLAY_URL, replay } from './helpers/replay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const MISSING_GROUP =
  'Odoo user "nogroup" (database "setup_rec") is not in the group "Sidecar (technical)" (the_ai_automator.group_ai_automator_sidecar), ' +
  'so it may not read canvas, write canvas, create canvas, read nodes, write nodes, create nodes, read executions, write executions, ' +
  'create executions, unlink executions, read execution_logs, write execution_logs, create execution_logs, unlink execution_logs. ' +
  'Add it to that group, or run `node dist/cli.js odoo setup`';

const odooEnv = (user: string) => ({
  ODOO_URL: REPLAY_URL,
  ODOO_DB: 'setup_rec',
  ODOO_USER: user,
  ODOO_PASSWORD: 'recorded',
  DATA_DIR: '/nonexistent-never-opened',
});

function sink() {
  const lines: string[] = [];
  return { lines, warn: (message: string) => lines.push(`warn ${message}`), error: (message: string) => lines.push(`error ${message}`), info: () => 0, debug: () => 0 };
}

describe('start-up rights check against recorded Odoo 18 answers', () => {
  it('the login odoo setup made has every right and the group', async () => {
    const fixture = loadFixture('rights-sidecarLogin');
    const scope = replay(fixture.exchanges);
    const client = createOdooClient({ url: REPLAY_URL, db: 'setup_rec', user: 'ai-automator-sidecar', password: 'recorded', transport: 'session' });
    await expect(assertSidecarRights(client, 'ai-automator-sidecar', 'setup_rec')).resolves.toEqual({ inGroup: true, missing: [] });
    expect(scope.pendingMocks()).toEqual([]);
    expect(fixture.outcome).toEqual({ report: { inGroup: true, missing: [] } });
  });

  it('a login without the group is refused with the group and the rights it lacks', async () => {
    const fixture = loadFixture('rights-missingGroup');
    replay(fixture.exchanges);
    const error = await checkOdooLoginRights(loadConfig(odooEnv('nogroup')), sink()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OdooRightsError);
    expect((error as Error).message).toBe(MISSING_GROUP);
    expect(fixture.outcome).toEqual({ error: MISSING_GROUP });
  });

  it('startService refuses to start with that login, before opening anything', async () => {
    replay(loadFixture('rights-missingGroup').exchanges);
    await expect(startService({ config: loadConfig(odooEnv('nogroup')), handleSignals: false })).rejects.toThrow(MISSING_GROUP);
  });

  it('Odoo down at start-up: logs a warning and lets the service start', async () => {
    nock.enableNetConnect('127.0.0.1');
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logger = sink();
    await checkOdooLoginRights(loadConfig({ ...odooEnv('x'), ODOO_URL: `http://127.0.0.1:${port}` }), logger);
    expect(logger.lines).toEqual(["warn could not check the Odoo login's rights at start-up"]);
  });
});
