import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli-run';

const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { DATA_DIR: dir, WORKFLOWS_DIR: dir },
  });
  return { code, stdout, stderr };
}

const trigger = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const setNode = {
  name: 'Set',
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  position: [200, 0],
  parameters: { mode: 'manual', assignments: { assignments: [{ id: '1', name: 'greeting', value: 'hello', type: 'string' }] }, options: {} },
};

describe('cli run', () => {
  it('prints the IRun JSON and exits 0', async () => {
    const path = file('ok.json', { name: 'OK', nodes: [trigger, setNode], connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } } });
    const result = await cli('run', '--json', path);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run.status).toBe('success');
    expect(run.finished).toBe(true);
    expect(run.mode).toBe('manual');
    expect(run.data.resultData.runData.Set[0].data.main[0].map((item: { json: unknown }) => item.json)).toEqual([{ greeting: 'hello' }]);
    expect(run.data.resultData.lastNodeExecuted).toBe('Set');
  });

  it('exits 0 with status error when the workflow fails', async () => {
    const stop = { name: 'Stop', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [200, 0], parameters: { errorMessage: 'halt' } };
    const path = file('fail.json', { name: 'Fail', nodes: [trigger, stop], connections: { Start: { main: [[{ node: 'Stop', type: 'main', index: 0 }]] } } });
    const result = await cli('run', '--json', path);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run.status).toBe('error');
    expect(run.data.resultData.error.message).toBe('halt');
  });

  it('ignores pinned data, as n8n execute does (only editor runs use it)', async () => {
    const path = file('pinned.json', {
      name: 'Pinned',
      nodes: [trigger, setNode],
      connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
      pinData: { Set: [{ json: { pinned: 1 } }, { json: { pinned: 2 } }] },
    });
    const run = JSON.parse((await cli('run', '--json', path)).stdout);
    expect(run.data.resultData.runData.Set[0].data.main[0].map((item: { json: unknown }) => item.json)).toEqual([{ greeting: 'hello' }]);
  });

  it('feeds --input items to the trigger and starts at --start-node', async () => {
    const path = file('input.json', { name: 'In', nodes: [trigger, setNode], connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } } });
    const items = file('items.json', [{ a: 1 }, { json: { a: 2 } }]);
    const result = await cli('run', path, '--input', items, '--start-node', 'Set');
    const run = JSON.parse(result.stdout);
    expect(run.data.resultData.runData.Start).toBeUndefined();
    expect(run.data.resultData.runData.Set[0].data.main[0]).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'bad.json', '{"nodes": [', /^Workflow bad\.json is not valid JSON: /],
    ['not an object', 'array.json', '[1, 2]', /^Workflow array\.json must be a JSON object\n$/],
    ['no nodes', 'empty.json', '{"name": "Empty", "nodes": [], "connections": {}}', /^Workflow "Empty": has no nodes\n$/],
    [
      'duplicate names',
      'dup.json',
      JSON.stringify({ name: 'Dup', nodes: [trigger, trigger], connections: {} }),
      /^Workflow "Dup": two nodes are named "Start"\n$/,
    ],
    [
      'a connection to a missing node',
      'missing.json',
      JSON.stringify({ name: 'Missing', nodes: [trigger], connections: { Start: { main: [[{ node: 'Nowhere', type: 'main', index: 0 }]] } } }),
      /^Workflow "Missing": node "Start" connects to a node "Nowhere" that does not exist\n$/,
    ],
    [
      'an unknown node type',
      'unknown.json',
      JSON.stringify({ name: 'Unknown', nodes: [trigger, { name: 'Magic', type: 'n8n-nodes-base.magic', typeVersion: 1, parameters: {} }], connections: {} }),
      /^Node "Magic" has an unknown type "n8n-nodes-base.magic"\n$/,
    ],
  ])('exits 2 with a one-line reason for %s', async (_label, name, content, reason) => {
    const result = await cli('run', '--json', file(name, content));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a missing file, an unknown start node and bad usage', async () => {
    const missing = await cli('run', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^cannot read workflow file .*nope\.json: ENOENT/);
    const path = file('start.json', { name: 'Start Test', nodes: [trigger], connections: {} });
    const badStart = await cli('run', path, '--start-node', 'Ghost');
    expect(badStart.code).toBe(2);
    expect(badStart.stderr).toBe('Workflow "Start Test" has no node "Ghost" to start from\n');
    const usage = await cli('run');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^run needs a workflow file\nusage:/);
  });
});
