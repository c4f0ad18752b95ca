import nock from 'nock';
import type { OpenHealthProbe } from '../../src/odoo-setup/health-probe';
import { isJsonObject } from '../../src/workflow/json';
import type { RecordedExchange } from './helpers/exchanges';
import { loadFixture, REPLAY_URL, replay } from './helpers/replay';
import { envBefore, runScenario, SETUP_SCENARIOS, type SetupRun } from './helpers/setup-scenarios';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** In a replay Odoo's call to the stand-in was recorded: nothing needs to listen. */
const recordedProbe: OpenHealthProbe = async (host, port, probe) => ({ host, port, probe, close: async () => undefined });

const recorded: Record<string, SetupRun> = Object.fromEntries(
  Object.keys(SETUP_SCENARIOS).map((name) => [name, loadFixture(`setup-${name}`).outcome as unknown as SetupRun]),
);

/** The model methods a run called, in order (`model.method`). */
function calledMethods(exchanges: RecordedExchange[]): string[] {
  return exchanges.flatMap((exchange) => {
    const params = isJsonObject(exchange.requestBody) ? exchange.requestBody.params : undefined;
    return isJsonObject(params) && typeof params.model === 'string' ? [`${params.model}.${String(params.method)}`] : [];
  });
}

const WRITES = /\.(create|write|unlink|set_param|button_immediate_install|button_immediate_upgrade)$/;

async function replayScenario(name: string, extraArgs: string[] = []): Promise<{ run: SetupRun; methods: string[] }> {
  const fixture = loadFixture(`setup-${name}`);
  const scope = replay(fixture.exchanges);
  const run = await runScenario(name, REPLAY_URL, envBefore(recorded, name, REPLAY_URL), recordedProbe, extraArgs);
  expect(scope.pendingMocks()).toEqual([]);
  return { run, methods: calledMethods(fixture.exchanges) };
}

describe('odoo setup against recorded Odoo 18 answers', () => {
  it.each(Object.keys(SETUP_SCENARIOS))('%s prints, exits and writes what it did against the live Odoo', async (name) => {
    const { run } = await replayScenario(name);
    expect(run).toEqual(recorded[name]);
  });

  it('first run: installs the addon, creates the user, writes the settings and .env, shows no secret', async () => {
    const { run, methods } = await replayScenario('firstRun');
    expect(run.code).toBe(0);
    expect(methods).toEqual(expect.arrayContaining(['ir.module.module.button_immediate_install', 'res.users.create', 'ir.config_parameter.set_param']));
    expect(methods.filter((method) => method === 'ir.config_parameter.set_param')).toHaveLength(2);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'module the_ai_automator 18.0.1.1.0: installed',
        'user ai-automator-sidecar: created in "Sidecar (technical)", password set',
        'done (4 changes): start the sidecar with `npm start`',
      ]),
    );
    expect(run.envFile).toBe(
      '# Written by `node dist/cli.js odoo setup`\nODOO_URL=<odoo>\nODOO_DB=setup_rec\nODOO_USER=ai-automator-sidecar\n' +
        'ODOO_PASSWORD=firstRun-secret-2\nSIDECAR_API_KEY=firstRun-secret-3\n',
    );
    expect(run.stdout).not.toContain('firstRun-secret-2');
    expect(run.stdout).not.toContain('firstRun-secret-3');
  });

  it('second run: changes nothing in Odoo or .env and says so', async () => {
    const { run, methods } = await replayScenario('secondRun');
    expect(run.code).toBe(0);
    // The round-trip check's own canvas and execution are the only records made, and removed.
    expect(methods.filter((method) => WRITES.test(method))).toEqual([
      'canvas.create',
      'executions.create',
      'executions.unlink',
      'canvas.unlink',
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('nothing to change: Odoo and the sidecar were already set up');
    expect(run.envFile).toBe(recorded.firstRun?.envFile);
  });

  it('--show-secrets prints the .env lines with their values', async () => {
    const { run } = await replayScenario('secondRun', ['--show-secrets']);
    expect(run.stdout).toContain('  ODOO_PASSWORD=firstRun-secret-2\n  SIDECAR_API_KEY=firstRun-secret-3\n');
  });

  it.each([
    ['wrongPassword', 'odoo setup: Odoo at <odoo> refused the login "admin" with that password (database "setup_rec")'],
    ['unknownDatabase', 'odoo setup: database "no_such_db" not found on the Odoo at <odoo>'],
    ['addonNotOnPath', 'odoo setup: the addon the_ai_automator is not on the addons path of the Odoo at <odoo>: put odoo_addon/ on its --addons-path and restart Odoo'],
    [
      'unreachableSidecar',
      'odoo setup: Odoo cannot reach the sidecar at http://127.0.0.1:1/healthz: Failed to establish a new connection: [Errno 111] Connection refused' +
        ' (while this command answered for the sidecar on 127.0.0.1:21121)',
    ],
  ])('%s: one line, exit 2, nothing written in Odoo or .env', async (name, line) => {
    const { run, methods } = await replayScenario(name);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.stdout).toBe('');
    expect(methods.filter((method) => WRITES.test(method))).toEqual([]);
    expect(run.envFile).toBe(envBefore(recorded, name, '<odoo>'));
  });
});
