import nock from 'nock';
import { PROBES, type ProbeContext } from './helpers/client-probes';
import { loadFixture, REPLAY_CONFIG, REPLAY_URL, replay } from './helpers/replay';
import { RECORDED_COOKIE } from './helpers/exchanges';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function context(canvasId: number): ProbeContext {
  return {
    base: REPLAY_CONFIG,
    canvasId,
    destroySession: async () => {
      await fetch(`${REPLAY_URL}/web/session/destroy`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: RECORDED_COOKIE },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {} }),
      });
    },
  };
}

describe('client against recorded Odoo 18 answers', () => {
  it.each(Object.keys(PROBES))('%s gives the recorded outcome', async (name) => {
    const fixture = loadFixture(`probe-${name}`);
    const { canvasId, ...expected } = fixture.outcome as { canvasId: number };
    const scope = replay(fixture.exchanges);
    const outcome = await (PROBES[name] as (typeof PROBES)[string])(context(canvasId));
    expect(outcome).toEqual(expected);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
