import { executeWorkflow } from '../../../src/engine/executor';
import { showItemErrors, splitErrorItems } from '../../../src/engine/error-output';
import { assignMissingPairedItems, withPairedItemLineage } from '../../../src/engine/paired-items';
import type { Item, ItemsByIndex, Run } from '../../../src/contracts/run-data';
import type { NodeTypeDefinition } from '../../../src/contracts/node-type';
import { testDeps, testWorkflow } from '../../helpers/test-nodes';

const outputs = (run: Run, node: string, runIndex = 0) =>
  (run.data.resultData.runData[node]?.[runIndex]?.data?.main ?? []).map((items) => (items ?? []).map((i) => i.json));

/** A node that handles continue-on-fail itself, as n8n's Set or Code do: it returns what it is told. */
const returns: NodeTypeDefinition = {
  type: 'test.returns',
  displayName: 'Returns items',
  versions: [1],
  outputs: () => 2,
  execute: (ctx) => Promise.resolve((ctx.getParam('outputs', 0, []) as unknown as ItemsByIndex) ?? []),
};

async function runReturning(outputsOfNode: unknown, extra: Record<string, unknown> = {}): Promise<Run> {
  const workflow = testWorkflow(
    [
      ['Start', 'test.trigger'],
      ['Source', 'test.source', { parameters: { items: [{ id: 1 }, { id: 2 }] } }],
      ['Node', 'test.returns', { parameters: { outputs: outputsOfNode }, ...extra }],
    ],
    [
      ['Start', 'Source'],
      ['Source', 'Node'],
    ],
    [returns],
  );
  return executeWorkflow(testDeps([returns]), { workflow, executionId: 'eo', mode: 'manual' });
}

describe('error output (continueErrorOutput) for nodes that return error items', () => {
  it('moves only items whose json is error/message/details to the last output, merged over their paired input item', async () => {
    const run = await runReturning(
      [
        [
          { json: { ok: 1 }, pairedItem: { item: 0 } },
          { json: { error: 'bad two', message: 'm', details: 'd' }, pairedItem: { item: 1 } },
          { json: { error: 'kept', other: true }, pairedItem: { item: 1 } },
          { json: { error: '' }, pairedItem: { item: 0 } },
        ],
      ],
      { onError: 'continueErrorOutput' },
    );
    expect(outputs(run, 'Node')).toEqual([
      [{ ok: 1 }, { error: 'kept', other: true }, { error: '' }],
      [],
      [{ id: 2, error: 'bad two', message: 'm', details: 'd' }],
    ]);
  });

  it('keeps an unpaired error item as it is (a Code node failing for all items gives just {error})', async () => {
    const run = await runReturning([[{ json: { error: 'all failed [line 1]' } }]], { onError: 'continueErrorOutput' });
    expect(outputs(run, 'Node')).toEqual([[], [], [{ error: 'all failed [line 1]' }]]);
  });

  it('splitErrorItems reads the paired item from the input the pairing names', () => {
    const inputs: Item[][] = [[{ json: { a: 1 } }], [{ json: { b: 2 } }]];
    const result = splitErrorItems([[{ json: { error: 'x' }, pairedItem: [{ item: 0, input: 1 }] }]], 2, inputs);
    expect(result.map((items) => (items ?? []).map((i) => i.json))).toEqual([[], [{ b: 2, error: 'x' }]]);
  });
});

describe('alwaysOutputData looks at the first output only (n8n)', () => {
  it('adds an empty item on output 0 even when another output has items', async () => {
    const run = await runReturning([[], [{ json: { x: 1 } }]], { alwaysOutputData: true });
    expect(outputs(run, 'Node')).toEqual([[{}], [{ x: 1 }]]);
    const empty = run.data.resultData.runData.Node[0].data?.main?.[0]?.[0];
    expect(empty?.pairedItem).toEqual([
      { item: 0, input: 0 },
      { item: 1, input: 0 },
    ]);
  });
});

describe('assignMissingPairedItems follows n8n assignPairedItems', () => {
  const item = (n: number): Item => ({ json: { n } });
  it('pairs one output item to the first of many input items', () => {
    const output: ItemsByIndex = [[item(1)]];
    assignMissingPairedItems(output, [[item(1), item(2), item(3)]]);
    expect(output[0]?.[0]?.pairedItem).toEqual({ item: 0 });
  });
  it('pairs by index only for a single output of as many items as the input', () => {
    const same: ItemsByIndex = [[item(1), item(2)]];
    assignMissingPairedItems(same, [[item(1), item(2)]]);
    expect(same[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    const twoOutputs: ItemsByIndex = [[item(1), item(2)], []];
    assignMissingPairedItems(twoOutputs, [[item(1), item(2)]]);
    expect(twoOutputs[0]?.map((i) => i.pairedItem)).toEqual([undefined, undefined]);
  });
  it('pairs everything to the only input item', () => {
    const output: ItemsByIndex = [[item(1)], [item(2), item(3)]];
    assignMissingPairedItems(output, [[item(0)]]);
    expect(output.flatMap((items) => (items ?? []).map((i) => i.pairedItem))).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
  });
});

describe('paired item lineage (n8n addPairedItemLineage)', () => {
  it('re-pairs each input item to its place in the parent output, with the input index past the first', () => {
    const lineage = withPairedItemLineage([[{ json: { a: 1 }, pairedItem: { item: 7 } }], null, [{ json: { b: 1 } }, { json: { c: 1 } }]]);
    expect(lineage.map((items) => items.map((i) => i.pairedItem))).toEqual([[{ item: 0 }], [], [{ item: 0, input: 2 }, { item: 1, input: 2 }]]);
  });

  it('gives a pass-through node output paired to the items it got, not to what they came from', async () => {
    const passThrough: NodeTypeDefinition = {
      type: 'test.passThrough',
      displayName: 'Pass through',
      versions: [1],
      execute: (ctx) => Promise.resolve([ctx.getInputItems()]),
    };
    const workflow = testWorkflow(
      [
        ['Start', 'test.trigger'],
        ['Source', 'test.source', { parameters: { items: [{ flag: true }, { flag: false }, { flag: true }, { flag: false }] } }],
        ['Split', 'test.split'],
        ['Through', 'test.passThrough'],
      ],
      [
        ['Start', 'Source'],
        ['Source', 'Split'],
        ['Split', 'Through', 1],
      ],
      [passThrough],
    );
    const run = await executeWorkflow(testDeps([passThrough]), { workflow, executionId: 'pl', mode: 'manual' });
    expect(run.data.resultData.runData.Through[0].data?.main?.[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});

describe('items carrying an error object', () => {
  it('show only {error: message} as json, the error staying on the item (n8n normalizeNodeErrors)', () => {
    const error = { message: 'jwt expired', name: 'NodeOperationError' };
    const output: ItemsByIndex = [
      [
        { json: { token: 'x' }, error, pairedItem: 0 },
        { json: { $error: error, $json: { a: 1 } } as never },
        { json: { kept: true } },
      ],
      null,
    ];
    showItemErrors(output);
    expect(output).toEqual([
      [
        { json: { error: 'jwt expired' }, error, pairedItem: 0 },
        { json: { error: 'jwt expired' }, error },
        { json: { kept: true } },
      ],
      null,
    ]);
  });
});
