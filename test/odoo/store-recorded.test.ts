import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { createOdooClient } from '../../src/odoo/client';
import { SCENARIOS } from './helpers/scenarios';
import { loadFixture, REPLAY_CONFIG, replay } from './helpers/replay';

const DOWN_URL = 'http://odoo.down.test:8069';
let dataDir: string;

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-store-replay-'));
});
afterEach(() => {
  nock.cleanAll();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-other`, { recursive: true, force: true });
});
afterAll(() => nock.enableNetConnect());

describe('Odoo stores against recorded Odoo 18 answers', () => {
  it.each(Object.keys(SCENARIOS))('%s sends the recorded calls and gives the recorded outcome', async (name) => {
    const fixture = loadFixture(`scenario-${name}`);
    const scope = replay(fixture.exchanges);
    nock(DOWN_URL).persist().post(/.*/).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const outcome = await (SCENARIOS[name] as (typeof SCENARIOS)[string])({
      client: createOdooClient({ ...REPLAY_CONFIG, apiKey: undefined, transport: 'session' }),
      downClient: createOdooClient({ ...REPLAY_CONFIG, url: DOWN_URL, transport: 'session', retries: 0 }),
      dataDir,
      stamp: fixture.stamp,
      settle: async () => undefined,
      now: () => Date.parse('2100-01-01T00:00:00Z'),
    });
    expect(outcome).toEqual(fixture.outcome);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
