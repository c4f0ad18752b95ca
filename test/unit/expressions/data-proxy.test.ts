import { createExpressionEngine } from '../../../src/expressions';
import type { ExpressionEngine } from '../../../src/expressions/types';
import type { Item } from '../../../src/contracts/run-data';
import { addRun, emptyRunData, items, makeWorkflow, resolveEach } from './helpers';

let engine: ExpressionEngine;
beforeAll(() => {
  engine = createExpressionEngine({ timeoutMs: 2000, memoryMb: 64 });
});
afterAll(() => engine.dispose());

const failure = (message: string, expression: string, description?: string) => ({
  __expressionError: true,
  message,
  expression,
  ...(description === undefined ? {} : { description }),
});

/** Trigger -> Seed -> Double -> Node, with Seed's items paired to Double's. */
function chain() {
  const workflow = makeWorkflow(
    [{ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger' }, { name: 'Seed', type: 'n8n-nodes-base.code' }, { name: 'Double' }, { name: 'Node' }, { name: 'Elsewhere' }],
    [['Trigger', 'Seed'], ['Seed', 'Double'], ['Double', 'Node']],
  );
  const runData = emptyRunData();
  addRun(runData, 'Trigger', [[{ json: {} }]]);
  const seed = items({ v: 10, tag: 'a' }, { v: 20, tag: 'b' }, { v: 30, tag: 'c' });
  addRun(runData, 'Seed', [seed], [{ previousNode: 'Trigger' }]);
  // Double's output is in reverse order: pairing, not position, must find the Seed item.
  const doubled: Item[] = [2, 1, 0].map((i) => ({ json: { d: (seed[i].json.v as number) * 2 }, pairedItem: { item: i } }));
  addRun(runData, 'Double', [doubled], [{ previousNode: 'Seed' }]);
  // What Node receives: Double's output, each item paired to its position there.
  const input: Item[] = doubled.map((item, i) => ({ json: item.json, pairedItem: { item: i } }));
  return { workflow, runData, seed, doubled, input, source: { main: [{ previousNode: 'Double' }] } };
}

describe('$input, $itemIndex, $runIndex, $workflow, $prevNode (09_expr_input_helpers)', () => {
  it('gives n8n\'s values', () => {
    const workflow = makeWorkflow([{ name: 'Seed' }, { name: 'Input Helpers' }], [['Seed', 'Input Helpers']], { name: 'expr_input_helpers' });
    const seed = items({ v: 10 }, { v: 20 }, { v: 30 });
    const runData = emptyRunData();
    addRun(runData, 'Seed', [seed]);
    const resolved = resolveEach(engine, {
      all: '={{ $input.all().length }}',
      first: '={{ $input.first().json.v }}',
      last: '={{ $input.last().json.v }}',
      cur: '={{ $input.item.json.v }}',
      idx: '={{ $itemIndex }}',
      run: '={{ $runIndex }}',
      joined: "={{ $input.all().map(i => i.json.v).join(',') }}",
      wf: '={{ $workflow.name }}',
      prevNode: '={{ $prevNode.name }}',
    }, seed, { workflow, nodeName: 'Input Helpers', runData, source: { main: [{ previousNode: 'Seed' }] } });
    const common = { all: 3, first: 10, last: 30, run: 0, joined: '10,20,30', wf: 'expr_input_helpers', prevNode: 'Seed' };
    expect(resolved).toEqual([
      { ...common, cur: 10, idx: 0 },
      { ...common, cur: 20, idx: 1 },
      { ...common, cur: 30, idx: 2 },
    ]);
  });

  it('fails $input and $json without input items with n8n\'s messages', () => {
    const workflow = makeWorkflow([{ name: 'Node' }]);
    const session = engine.openSession({ workflow, executionId: 'e', mode: 'manual', runExecutionData: emptyRunData(), vars: {}, env: {}, timezone: 'UTC' });
    try {
      const resolved = session.resolveParameters(
        { node: { ...workflow.nodes.get('Node')!, parameters: { a: '={{ $input.first() }}', b: '={{ $json.x }}' } }, runIndex: 0, inputs: [[]], source: null },
        1,
      );
      expect(resolved.forItem(0)).toEqual({
        a: failure('No execution data available', '={{ $input.first() }}'),
        b: failure("Node 'Node' hasn't been executed", '={{ $json.x }}', 'An expression references this node, but the node is unexecuted. Consider re-wiring your nodes or checking for execution first, i.e. {{ $if( $("Node").isExecuted, <action_if_executed>, "") }}'),
      });
    } finally {
      session.close();
    }
  });
});

describe("$('Node')", () => {
  it('reads all, first, last, params, isExecuted and traces .item through pairedItem', () => {
    const { workflow, runData, input, source } = chain();
    const resolved = resolveEach(engine, {
      all: "={{ $('Seed').all().map(i => i.json.v) }}",
      first: "={{ $('Seed').first().json.v }}",
      last: "={{ $('Seed').last().json.tag }}",
      item: "={{ $('Seed').item.json.tag }}",
      paired: "={{ $('Seed').pairedItem(0).json.v }}",
      matching: "={{ $('Seed').itemMatching(2).json.v }}",
      executed: "={{ $('Seed').isExecuted }}",
      notExecuted: "={{ $('Elsewhere').isExecuted }}",
      params: "={{ $('Seed').params.jsCode }}",
    }, input, { workflow, runData, source });
    const common = { all: [10, 20, 30], first: 10, last: 'c', paired: 30, matching: 10, executed: true, notExecuted: false };
    expect(resolved).toEqual([
      { ...common, item: 'c' },
      { ...common, item: 'b' },
      { ...common, item: 'a' },
    ]);
  });

  it('fails with n8n\'s messages', () => {
    const { workflow, runData, input, source } = chain();
    const brokenPairing = input.map((item) => ({ json: item.json }));
    const [resolved] = resolveEach(engine, {
      missing: "={{ $('Nope').first() }}",
      unnamed: '={{ $().first() }}',
      notRun: "={{ $('Elsewhere').first() }}",
      notUpstream: "={{ $('Elsewhere').item }}",
      noPairing: "={{ $('Seed').item.json.v }}",
      badRun: "={{ $('Seed').all(0, 5) }}",
      badBranch: "={{ $('Seed').all(3) }}",
      matchingWithoutIndex: "={{ $('Seed').itemMatching() }}",
    }, brokenPairing, { workflow, runData, source });
    expect(resolved).toEqual({
      missing: failure("Referenced node doesn't exist", "={{ $('Nope').first() }}"),
      unnamed: failure('When calling $(), please specify a node', '={{ $().first() }}'),
      notRun: failure("Node 'Elsewhere' hasn't been executed", "={{ $('Elsewhere').first() }}", 'An expression references this node, but the node is unexecuted. Consider re-wiring your nodes or checking for execution first, i.e. {{ $if( $("Elsewhere").isExecuted, <action_if_executed>, "") }}'),
      notUpstream: failure('Invalid expression', "={{ $('Elsewhere').item }}", 'No path back to referenced node'),
      noPairing: failure("Paired item data for item from node 'Node' is unavailable. Ensure 'Node' is providing the required output.", "={{ $('Seed').item.json.v }}", "Missing pairedItem data (node 'Node' probably didn't supply it)"),
      badRun: failure('Run 5 of node "Seed" not found', "={{ $('Seed').all(0, 5) }}"),
      badBranch: failure('Node "Seed" has no branch with index 3.', "={{ $('Seed').all(3) }}"),
      matchingWithoutIndex: failure('Missing item index for .itemMatching()', "={{ $('Seed').itemMatching() }}"),
    });
  });

  it('reports an item of an intermediate node that supplied no pairing', () => {
    const { workflow, runData, doubled, input, source } = chain();
    runData.resultData.runData.Double[0].data = { main: [doubled.map((item) => ({ json: item.json }))] };
    const [resolved] = resolveEach(engine, { v: "={{ $('Seed').item.json.v }}" }, input, { workflow, runData, source });
    expect(resolved.v).toEqual(failure(
      "Paired item data for item from node 'Double' is unavailable. Ensure 'Double' is providing the required output.",
      "={{ $('Seed').item.json.v }}",
      "Missing pairedItem data (node 'Double' probably didn't supply it)",
    ));
  });

  it('defaults to the last run (29_loop_if_backedge) and reads earlier runs on request', () => {
    const workflow = makeWorkflow([{ name: 'Increment', type: 'n8n-nodes-base.code' }, { name: 'Below 3', type: 'n8n-nodes-base.if' }, { name: 'Finished' }], [
      ['Increment', 'Below 3'], ['Below 3', 'Increment', 0, 0], ['Below 3', 'Finished', 1, 0],
    ]);
    const runData = emptyRunData();
    for (const count of [1, 2, 3]) addRun(runData, 'Increment', [items({ count, run: count - 1 })]);
    const resolved = resolveEach(engine, {
      final: '={{ $json.count }}',
      incRuns: "={{ $('Increment').all().length }}",
      firstRun: "={{ $('Increment').all(0, 0)[0].json.count }}",
      ranTimes: "={{ $node['Increment'].runIndex }}",
    }, items({ count: 3, run: 2 }), { workflow, nodeName: 'Finished', runData });
    expect(resolved).toEqual([{ final: 3, incRuns: 1, firstRun: 1, ranTimes: 2 }]);
  });

  it('uses pinned data in manual runs for a node that did not run', () => {
    const workflow = makeWorkflow([{ name: 'Pinned' }, { name: 'Node' }], [['Pinned', 'Node']], {
      pinData: { Pinned: [{ json: { p: 'pin' } }] },
    });
    const input = items({});
    expect(resolveEach(engine, { v: "={{ $('Pinned').first().json.p }}" }, input, { workflow }))
      .toEqual([{ v: 'pin' }]);
    expect(resolveEach(engine, { v: "={{ $('Pinned').first().json.p }}" }, input, { workflow, scope: { mode: 'production' } }))
      .toEqual([{ v: failure("Node 'Pinned' hasn't been executed", "={{ $('Pinned').first().json.p }}", 'An expression references this node, but the node is unexecuted. Consider re-wiring your nodes or checking for execution first, i.e. {{ $if( $("Pinned").isExecuted, <action_if_executed>, "") }}') }]);
  });
});

describe('$node, $items, $parameter', () => {
  it('reads $node json, parameters (with their expressions resolved) and run index; a self-reference is undefined', () => {
    const { workflow, runData, input, source } = chain();
    const seedNode = workflow.nodes.get('Seed')!;
    const nodes = new Map(workflow.nodes);
    nodes.set('Seed', { ...seedNode, parameters: { jsCode: 'return []', label: '=seed-{{ $json.d }}' } });
    const [first] = resolveEach(engine, {
      json: "={{ $node['Seed'].json.v }}",
      dotted: '={{ $node.Double.json.d }}',
      parameter: "={{ $node['Seed'].parameter.label }}",
      run: "={{ $node['Seed'].runIndex }}",
      items: "={{ $items('Seed').length }}",
      previous: '={{ $items()[2].json.d }}',
      own: '={{ $parameter.own }}',
      missing: "={{ $node['Nope'].json }}",
      unconnected: "={{ $node['Elsewhere'].json }}",
    }, input, { workflow: { ...workflow, nodes }, runData, source });
    expect(first).toEqual({
      json: 10,
      dotted: 60,
      parameter: 'seed-60',
      run: 0,
      items: 3,
      previous: 20,
      missing: failure("Referenced node doesn't exist", "={{ $node['Nope'].json }}"),
      unconnected: failure("Node 'Elsewhere' hasn't been executed", "={{ $node['Elsewhere'].json }}", 'An expression references this node, but the node is unexecuted. Consider re-wiring your nodes or checking for execution first, i.e. {{ $if( $("Elsewhere").isExecuted, <action_if_executed>, "") }}'),
    });
  });

  it('resolves $parameter siblings for the current item', () => {
    const resolved = resolveEach(engine, { base: '={{ $json.n * 10 }}', derived: '={{ $parameter.base + 1 }}' }, items({ n: 1 }, { n: 2 }));
    expect(resolved).toEqual([{ base: 10, derived: 11 }, { base: 20, derived: 21 }]);
  });
});

/** Run data whose execution already has custom data (as the Execution Data node leaves it). */
function withCustomData(metadata: Record<string, string>) {
  const runData = emptyRunData();
  runData.resultData.metadata = metadata;
  return runData;
}

describe('$execution, $vars, $env, $now, $today', () => {
  it('exposes execution facts and variables', () => {
    const [resolved] = resolveEach(engine, {
      id: '={{ $execution.id }}',
      mode: '={{ $execution.mode }}',
      resume: '={{ $execution.resumeUrl }}',
      custom: "={{ $execution.customData.get('k') }}",
      v: '={{ $vars.region }}',
      rawMode: '={{ $mode }}',
    }, items({}), { runData: withCustomData({ k: 'kv' }), scope: { executionId: 'exec-42', mode: 'production', resumeUrl: 'http://x/webhook-waiting/exec-42', vars: { region: 'eu' } } });
    expect(resolved).toEqual({ id: 'exec-42', mode: 'production', resume: 'http://x/webhook-waiting/exec-42', custom: 'kv', v: 'eu', rawMode: 'production' });
  });

  it('denies $env unless variables were let through, then reads only those', () => {
    expect(resolveEach(engine, { e: '={{ $env.HOME }}' }, items({}))).toEqual([
      { e: failure('access to env vars denied', '={{ $env.HOME }}', 'If you need access please contact the administrator to expose selected variables with ENV_ALLOWLIST') },
    ]);
    expect(resolveEach(engine, { a: '={{ $env.API_BASE }}', b: '={{ $env.HOME }}' }, items({}), { scope: { env: { API_BASE: 'https://api' } } }))
      .toEqual([{ a: 'https://api' }]);
  });

  it('builds $now and $today in the execution\'s timezone', () => {
    const [resolved] = resolveEach(engine, {
      zone: '={{ $now.zoneName }}',
      todayHour: '={{ $today.hour + $today.minute + $today.second }}',
      sameDay: "={{ $today.toFormat('yyyy-MM-dd') === $now.toFormat('yyyy-MM-dd') }}",
      defaultZone: "={{ DateTime.fromISO('2024-01-01T12:00').toISO() }}",
    }, items({}), { scope: { timezone: 'Asia/Tokyo' } });
    expect(resolved).toEqual({ zone: 'Asia/Tokyo', todayHour: 0, sameDay: true, defaultZone: '2024-01-01T12:00:00.000+09:00' });
  });
});

describe('binary data, $item, $evaluateExpression, $input.params', () => {
  it('shows binary metadata without its contents and reaches other items and nested expressions', () => {
    const workflow = makeWorkflow([{ name: 'Reader', parameters: { format: 'csv' } }, { name: 'Node' }], [['Reader', 'Node']]);
    const input: Item[] = [
      { json: { n: 1 }, binary: { data: { data: 'aGVsbG8=', mimeType: 'text/plain', fileName: 'a.txt' } }, pairedItem: { item: 0 } },
      { json: { n: 2 }, pairedItem: { item: 1 } },
    ];
    const resolved = resolveEach(engine, {
      name: '={{ $binary.data ? $binary.data.fileName : "none" }}',
      contents: '={{ $binary.data ? $binary.data.data : "none" }}',
      other: '={{ $item(1).$json.n }}',
      // Built from pieces: a literal closing pair would end the outer expression, in n8n too.
      nested: "={{ $evaluateExpression('{' + '{ $json.n * 100 }' + '}') }}",
      params: '={{ $input.params.format }}',
    }, input, { workflow, source: { main: [{ previousNode: 'Reader' }] } });
    expect(resolved).toEqual([
      { name: 'a.txt', other: 2, nested: 100, params: 'csv' },
      { name: 'none', contents: 'none', other: 2, nested: 200, params: 'csv' },
    ]);
  });
});

describe('ResolvedParameters.hasFailure', () => {
  it('tells which items carry a failed expression', () => {
    const workflow = makeWorkflow([{ name: 'Node', parameters: { v: '={{ $json.ok ? 1 : $("Nope").first() }}', fixed: 'x' } }]);
    const session = engine.openSession({ workflow, executionId: 'e', mode: 'manual', runExecutionData: emptyRunData(), vars: {}, env: {}, timezone: 'UTC' });
    try {
      const node = workflow.nodes.get('Node')!;
      const resolved = session.resolveParameters({ node, runIndex: 0, inputs: [items({ ok: true }, { ok: false })], source: null }, 2);
      expect([resolved.hasFailure?.(0), resolved.hasFailure?.(1)]).toEqual([false, true]);
      const plain = session.resolveParameters({ node: { ...node, parameters: { fixed: 'x' } }, runIndex: 0, inputs: [items({})], source: null }, 1);
      expect(plain.hasFailure?.(0)).toBe(false);
    } finally {
      session.close();
    }
  });
});

describe('node context ($node["X"].context, $("X").context)', () => {
  it('reads what the node keeps between runs, as Split In Batches v1 loops check noItemsLeft (differential d1205)', () => {
    const workflow = makeWorkflow([{ name: 'Loop', type: 'n8n-nodes-base.splitInBatches' }, { name: 'Node' }], [['Loop', 'Node']]);
    const runData = emptyRunData();
    addRun(runData, 'Loop', [items({ n: 3 })]);
    runData.executionData.nodeState = { Loop: { noItemsLeft: true, currentRunIndex: 1 } };
    const [resolved] = resolveEach(
      engine,
      { left: '={{ $node["Loop"].context["noItemsLeft"] }}', run: "={{ $('Loop').context.currentRunIndex }}", other: '={{ JSON.stringify($node["Node"].context) }}' },
      items({}),
      { workflow, runData, source: { main: [{ previousNode: 'Loop' }] } },
    );
    expect(resolved).toEqual({ left: true, run: 1, other: '{}' });
  });
});
