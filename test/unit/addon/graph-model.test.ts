import {
  NODE_SIZE,
  edgePath,
  fitView,
  inputNames,
  itemsTable,
  layoutGraph,
  outputNames,
  panView,
  typeBadge,
  viewBox,
  zoomView,
} from '../../../odoo_addon/the_ai_automator/static/src/graph/graph_model.js';

/* The addon's graph geometry (a plain ES module the OWL component renders). */

const workflow = {
  nodes: [
    { id: 7, name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0] },
    { id: 8, name: 'Check', type: 'n8n-nodes-base.if', typeVersion: 2, position: [200, 0], parameters: {} },
    { id: 9, name: 'Yes', type: 'n8n-nodes-base.set', position: [400, -100] },
    { id: 10, name: 'No', type: 'n8n-nodes-base.noOp', position: [400, 100], disabled: true },
    { id: 11, name: 'Both', type: 'n8n-nodes-base.merge', typeVersion: 3, position: [600, 0], parameters: { numberInputs: 3 } },
  ],
  connections: {
    Start: { main: [[{ node: 'Check', type: 'main', index: 0 }]] },
    Check: { main: [[{ node: 'Yes', type: 'main', index: 0 }], [{ node: 'No', type: 'main', index: 0 }]] },
    Yes: { main: [[{ node: 'Both', type: 'main', index: 0 }]] },
    No: { main: [[{ node: 'Both', type: 'main', index: 2 }]] },
  },
};

describe('graph model: ports and labels', () => {
  it('names the outputs of IF, Switch (rules, renamed, fallback), Loop Over Items and the error output', () => {
    expect(outputNames({ type: 'n8n-nodes-base.if' })).toEqual(['true', 'false']);
    expect(outputNames({ type: 'n8n-nodes-base.if', onError: 'continueErrorOutput' })).toEqual(['true', 'false', 'error']);
    expect(
      outputNames({
        type: 'n8n-nodes-base.switch',
        typeVersion: 3.2,
        parameters: { rules: { values: [{ renameOutput: true, outputKey: 'big' }, {}] }, options: { fallbackOutput: 'extra' } },
      }),
    ).toEqual(['big', '1', 'Fallback']);
    expect(outputNames({ type: 'n8n-nodes-base.switch', typeVersion: 3, parameters: { mode: 'expression', numberOutputs: 2 } })).toEqual(['0', '1']);
    expect(outputNames({ type: 'n8n-nodes-base.splitInBatches', typeVersion: 3 })).toEqual(['done', 'loop']);
    expect(outputNames({ type: 'n8n-nodes-base.splitInBatches', typeVersion: 2 })).toEqual(['loop', 'done']);
    expect(outputNames({ type: 'n8n-nodes-base.splitInBatches', typeVersion: 1 })).toEqual(['']);
    expect(outputNames({ type: 'n8n-nodes-base.set', onError: 'continueErrorOutput' })).toEqual(['', 'error']);
    expect(inputNames({ type: 'n8n-nodes-base.merge', typeVersion: 2 })).toEqual(['Input 1', 'Input 2']);
    expect(inputNames({ type: 'n8n-nodes-base.merge', typeVersion: 3, parameters: { numberInputs: 3 } })).toEqual(['Input 1', 'Input 2', 'Input 3']);
  });

  it('gives every type a badge: known letters and family, else the first letters', () => {
    expect(typeBadge('n8n-nodes-base.if')).toEqual({ letters: 'IF', family: 'flow' });
    expect(typeBadge('n8n-nodes-base.webhook')).toEqual({ letters: 'WH', family: 'trigger' });
    expect(typeBadge('n8n-nodes-base.somethingTrigger')).toEqual({ letters: 'SO', family: 'trigger' });
    expect(typeBadge('n8n-nodes-base.jira')).toEqual({ letters: 'JI', family: 'action' });
  });
});

describe('graph model: layout of a canvas', () => {
  const graph = layoutGraph(workflow);

  it('puts each node at its n8n position with its ports spread along its sides', () => {
    const check = graph.nodes.find((node) => node.name === 'Check');
    expect(check).toMatchObject({ x: 200, y: 0, recordId: 8, letters: 'IF', status: null, disabled: false });
    expect(check?.outputs).toEqual([
      { label: 'true', x: 300, y: NODE_SIZE / 3, error: false },
      { label: 'false', x: 300, y: (2 * NODE_SIZE) / 3, error: false },
    ]);
    const both = graph.nodes.find((node) => node.name === 'Both');
    expect(both?.inputs.map((port) => [port.label, port.x, port.y])).toEqual([
      ['Input 1', 600, 25],
      ['Input 2', 600, 50],
      ['Input 3', 600, 75],
    ]);
    expect(graph.nodes.find((node) => node.name === 'No')?.disabled).toBe(true);
  });

  it('draws one edge per connection, from its output port to its input port, without counts', () => {
    expect(graph.edges.map((edge) => edge.key)).toEqual([
      'Start:0->Check:0',
      'Check:0->Yes:0',
      'Check:1->No:0',
      'Yes:0->Both:0',
      'No:0->Both:2',
    ]);
    const toThird = graph.edges[4];
    expect(toThird.d.startsWith('M500,150 ')).toBe(true);
    expect(toThird.d.endsWith(' 600,75')).toBe(true);
    expect(graph.edges.every((edge) => edge.label === '' && edge.items === 0)).toBe(true);
  });

  it('bounds the nodes and their names', () => {
    expect(graph.bounds).toEqual({ x: 0, y: -100, width: 700, height: 340 });
  });

  it('adds the ports a connection uses beyond what the type tables know', () => {
    const odd = layoutGraph({
      nodes: [
        { name: 'A', type: 'x.custom', position: [0, 0] },
        { name: 'B', type: 'x.custom', position: [300, 0] },
      ],
      connections: { A: { main: [[], [], [{ node: 'B', index: 0 }]] } },
    });
    expect(odd.nodes[0].outputs.map((port) => [port.label, port.y])).toEqual([
      ['', 25],
      ['1', 50],
      ['2', 75],
    ]);
    expect(odd.edges[0].d.startsWith('M100,75 ')).toBe(true);
  });

  it('ignores connections to nodes that do not exist', () => {
    const graph2 = layoutGraph({ nodes: workflow.nodes, connections: { Start: { main: [[{ node: 'Gone', index: 0 }]] }, Gone: { main: [[{ node: 'Check', index: 0 }]] } } });
    expect(graph2.edges).toEqual([]);
  });
});

describe('graph model: an execution', () => {
  it('colours nodes by outcome, counts runs, and labels the edges that carried items', () => {
    const graph = layoutGraph(workflow, {
      Start: { status: 'success', runCount: 1, outputCounts: [2] },
      Check: { status: 'success', runCount: 1, outputCounts: [1, 1] },
      Yes: { status: 'error', runCount: 3, outputCounts: [3] },
    });
    expect(graph.nodes.map((node) => [node.name, node.status, node.runCount])).toEqual([
      ['Start', 'success', 1],
      ['Check', 'success', 1],
      ['Yes', 'error', 3],
      ['No', 'notRun', 0],
      ['Both', 'notRun', 0],
    ]);
    expect(graph.edges.map((edge) => [edge.key, edge.items, edge.label])).toEqual([
      ['Start:0->Check:0', 2, '2 items'],
      ['Check:0->Yes:0', 1, '1 item'],
      ['Check:1->No:0', 1, '1 item'],
      ['Yes:0->Both:0', 3, '3 items (3 runs)'],
      ['No:0->Both:2', 0, ''],
    ]);
  });

  it('marks the edges of the error output', () => {
    const graph = layoutGraph({
      nodes: [
        { name: 'Call', type: 'n8n-nodes-base.httpRequest', position: [0, 0], onError: 'continueErrorOutput' },
        { name: 'Ok', type: 'n8n-nodes-base.noOp', position: [300, 0] },
        { name: 'Failed', type: 'n8n-nodes-base.noOp', position: [300, 200] },
      ],
      connections: { Call: { main: [[{ node: 'Ok', index: 0 }], [{ node: 'Failed', index: 0 }]] } },
    });
    expect(graph.edges.map((edge) => [edge.to, edge.error])).toEqual([
      ['Ok', false],
      ['Failed', true],
    ]);
  });
});

describe('graph model: paths and views', () => {
  it('curves forward edges and routes backward ones (loops) below both nodes', () => {
    expect(edgePath({ x: 100, y: 50 }, { x: 300, y: 50 })).toEqual({ d: 'M100,50 C200,50 200,50 300,50', labelX: 200, labelY: 50 });
    const back = edgePath({ x: 500, y: 50 }, { x: 200, y: 50 });
    expect(back.labelY).toBe(50 + NODE_SIZE / 2 + 40);
    expect(back.d).toBe('M500,50 C550,50 550,140 530,140 L170,140 C150,140 150,50 200,50');
  });

  it('fits bounds into a viewport, centred, never zooming in past 1', () => {
    const view = fitView({ x: 0, y: 0, width: 1920, height: 200 }, 1000, 500, 40);
    expect(view.scale).toBe(0.5);
    expect(view.x).toBe(-40);
    expect(view.y).toBe(-40 - (1000 - 280) / 2);
    expect(viewBox(view, 1000, 500)).toBe('-40 -400 2000 1000');
    expect(fitView({ x: 10, y: 10, width: 100, height: 100 }, 1000, 500, 0).scale).toBe(1);
  });

  it('zooms around the pointer and pans by screen pixels', () => {
    const view = { x: 0, y: 0, scale: 1 };
    const zoomed = zoomView(view, 2, 100, 50);
    expect(zoomed).toEqual({ scale: 2, x: 50, y: 25 });
    expect(zoomView(view, 1000, 0, 0).scale).toBe(4);
    expect(zoomView(view, 0.0001, 0, 0).scale).toBe(0.1);
    expect(panView(zoomed, 20, -10)).toEqual({ scale: 2, x: 40, y: 30 });
  });

  it('turns items into table columns and text cells', () => {
    expect(itemsTable([{ json: { a: 1, b: { c: 2 } } }, { json: { a: 'x', d: null } }])).toEqual({
      columns: ['a', 'b', 'd'],
      rows: [
        ['1', '{"c":2}', ''],
        ['x', '', 'null'],
      ],
    });
    expect(itemsTable([])).toEqual({ columns: [], rows: [] });
  });
});
