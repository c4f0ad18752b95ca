import { disposeFixtureEngine, expectMatchesN8n, loadFixtures } from '../../helpers/n8n-fixtures';

/**
 * Workflows we wrote for Markdown, XML, HTML, HTML Extract, Debug Helper, the training
 * Customer Datastore and JWT, with what the real n8n 2.40.7 produced for them (several
 * cases per workflow, one branch each; bad input with stop, continue and error output).
 * Ours must be identical. Debug Helper's random ids (uuid, nanoid) are left out: n8n draws
 * them from crypto, not from the seed.
 */
const fixtures = ['md', 'xml', 'html', 'hx', 'dbg', 'cds', 'jwt', 'totp'].flatMap((prefix) => loadFixtures(prefix));

afterAll(() => disposeFixtureEngine());

describe('n8n differential fixtures of the markup, debug and token nodes', () => {
  it('has fixtures for every node family', () => {
    const families = new Set(fixtures.map((fixture) => fixture.name.replace(/\d.*|_.*/, '')));
    expect([...families].sort()).toEqual(expect.arrayContaining(['cds', 'dbg', 'html', 'hx', 'jwt', 'md', 'totp', 'xml']));
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s matches n8n', (_name, fixture) => expectMatchesN8n(fixture));
});
