import { WorkflowValidationError } from '../../../src/errors';
import { buildWorkflow, parseWorkflowText } from '../../../src/workflow/parse';
import { testRegistry } from '../../helpers/test-nodes';

const registry = testRegistry();
const node = (name: string, type = 'test.pass', extra: Record<string, unknown> = {}) => ({ name, type, typeVersion: 1, position: [0, 0], parameters: {}, ...extra });

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('buildWorkflow', () => {
  it('indexes nodes and connections both ways and fills n8n defaults', () => {
    const workflow = buildWorkflow(
      {
        id: 'wf-1',
        name: 'Demo',
        nodes: [node('A', 'test.trigger'), node('B'), { name: 'Note', type: 'n8n-nodes-base.stickyNote', parameters: {} }],
        connections: { A: { main: [[{ node: 'B', type: 'main', index: 0 }]] } },
      },
      registry,
    );
    expect(workflow.id).toBe('wf-1');
    expect([...workflow.nodes.keys()]).toEqual(['A', 'B']);
    expect(workflow.connectionsBySource.get('A')).toEqual([[{ node: 'B', type: 'main', index: 0 }]]);
    expect(workflow.connectionsByDestination.get('B')).toEqual([{ sourceNode: 'A', sourceOutput: 0, inputIndex: 0 }]);
    const b = workflow.nodes.get('B')!;
    expect(b).toMatchObject({ maxTries: 3, waitBetweenTries: 1000, onError: 'stopWorkflow', disabled: false, typeVersion: 1 });
  });

  it('maps continueOnFail to continueRegularOutput and lets onError win', () => {
    const workflow = buildWorkflow(
      { nodes: [node('A', 'test.trigger', { continueOnFail: true }), node('B', 'test.pass', { continueOnFail: true, onError: 'continueErrorOutput' })], connections: {} },
      registry,
    );
    expect(workflow.nodes.get('A')!.onError).toBe('continueRegularOutput');
    expect(workflow.nodes.get('B')!.onError).toBe('continueErrorOutput');
  });

  it('refuses what cannot run, naming the workflow, node and field', () => {
    expect(message(() => parseWorkflowText('{"nodes": [', 'broken.json', registry))).toMatch(/^Workflow broken.json is not valid JSON: /);
    expect(message(() => buildWorkflow([1, 2], registry, { label: 'list.json' }))).toBe('Workflow list.json must be a JSON object');
    expect(message(() => buildWorkflow({ name: 'Empty', nodes: [], connections: {} }, registry))).toBe('Workflow "Empty": has no nodes');
    expect(message(() => buildWorkflow({ name: 'NoNodes', connections: {} }, registry))).toBe('Workflow "NoNodes": "nodes" must be an array');
    expect(message(() => buildWorkflow({ name: 'Dup', nodes: [node('A'), node('A')], connections: {} }, registry))).toBe(
      'Workflow "Dup": two nodes are named "A"',
    );
    expect(message(() => buildWorkflow({ name: 'Unknown', nodes: [node('Mystery', 'n8n-nodes-base.doesNotExist')], connections: {} }, registry))).toBe(
      'Node "Mystery" has an unknown type "n8n-nodes-base.doesNotExist"',
    );
    expect(
      message(() =>
        buildWorkflow({ name: 'Dangling', nodes: [node('A')], connections: { A: { main: [[{ node: 'Ghost', type: 'main', index: 0 }]] } } }, registry),
      ),
    ).toBe('Workflow "Dangling": node "A" connects to a node "Ghost" that does not exist');
    expect(
      message(() =>
        buildWorkflow({ name: 'FromGhost', nodes: [node('A')], connections: { Ghost: { main: [[{ node: 'A', type: 'main', index: 0 }]] } } }, registry),
      ),
    ).toBe('Workflow "FromGhost": connections come from a node "Ghost" that does not exist');
    expect(message(() => buildWorkflow({ name: 'Ver', nodes: [node('A', 'test.pass', { typeVersion: 9 })], connections: {} }, registry))).toBe(
      'Node "A" uses test.pass version 9, which is not supported (supported: 1)',
    );
  });

  it('refuses retry settings outside 1-10 tries and 0-60000 ms instead of clamping', () => {
    expect(message(() => buildWorkflow({ name: 'R', nodes: [node('A', 'test.pass', { retryOnFail: true, maxTries: 11 })], connections: {} }, registry))).toBe(
      'Workflow "R": node "A": maxTries must be an integer from 1 to 10, got 11',
    );
    expect(
      message(() => buildWorkflow({ name: 'R', nodes: [node('A', 'test.pass', { retryOnFail: true, waitBetweenTries: 70000 })], connections: {} }, registry)),
    ).toBe('Workflow "R": node "A": waitBetweenTries must be from 0 to 60000 ms, got 70000');
    const ok = buildWorkflow({ name: 'R', nodes: [node('A', 'test.pass', { retryOnFail: true, maxTries: 10, waitBetweenTries: 60000 })], connections: {} }, registry);
    expect(ok.nodes.get('A')!.maxTries).toBe(10);
  });

  it('resolves short type names and a missing typeVersion to the newest version', () => {
    const workflow = buildWorkflow({ nodes: [{ name: 'P', type: 'pass', parameters: {} }], connections: {} }, testRegistry([{ type: 'n8n-nodes-base.pass', aliases: ['pass'], displayName: 'P', versions: [1, 2, 3], execute: () => Promise.resolve(null) }]));
    expect(workflow.nodes.get('P')).toMatchObject({ type: 'n8n-nodes-base.pass', typeVersion: 3 });
  });
});
