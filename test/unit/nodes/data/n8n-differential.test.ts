import { disposeFixtureEngine, expectMatchesN8n, loadFixtures } from '../../../helpers/n8n-fixtures';

/**
 * Workflows we wrote for Date & Time, Crypto, Rename Keys, Compare Datasets, Item Lists and
 * Execution Data, with the items the real n8n 2.40.7 produced for them: ours must be identical
 * (items, errors on bad input, continueOnFail and error outputs).
 */
const fixtures = ['dt', 'crypto', 'rename', 'compare', 'itemlists', 'execdata'].flatMap((prefix) => loadFixtures(prefix));

afterAll(() => disposeFixtureEngine());

describe('n8n differential fixtures of the data nodes', () => {
  it('has fixtures to run', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s matches n8n', (_name, fixture) => expectMatchesN8n(fixture));
});
