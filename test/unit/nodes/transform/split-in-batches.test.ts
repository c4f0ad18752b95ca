import { splitInBatchesNode } from '../../../../src/nodes/transform/split-in-batches';
import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items } from '../../../helpers/node-context';

/** Runs the node once with `input`, sharing `nodeState` between runs as the engine does. */
async function runOnce(input: Item[], nodeState: JsonObject, typeVersion: number, parameters: JsonObject = { batchSize: 2 }): Promise<Array<Item[] | null> | null> {
  const ctx = fakeContext({ type: splitInBatchesNode.type, typeVersion, parameters, inputs: [input], nodeState });
  const result = await splitInBatchesNode.execute(ctx);
  if (result !== null && !Array.isArray(result)) throw new Error('unexpected wait');
  return result;
}
const jsonOf = (list: Item[] | null | undefined) => (list ?? []).map((item) => item.json);

describe('Loop Over Items (Split In Batches)', () => {
  it('v3 emits batches on "loop" and everything returned on "done"', async () => {
    const state: JsonObject = {};
    const input = items({ n: 1 }, { n: 2 }, { n: 3 });
    const first = await runOnce(input, state, 3);
    expect(first).toEqual([[], [{ json: { n: 1 }, pairedItem: { item: 0 } }, { json: { n: 2 }, pairedItem: { item: 1 } }]]);
    expect(state).toMatchObject({ currentRunIndex: 0, maxRunIndex: 2, noItemsLeft: false, done: false });

    const second = await runOnce(items({ n: 1, seen: true }, { n: 2, seen: true }), state, 3);
    expect(second).toEqual([[], [{ json: { n: 3 }, pairedItem: { item: 2 } }]]);
    expect(state).toMatchObject({ currentRunIndex: 1, noItemsLeft: true, done: false });

    const third = await runOnce(items({ n: 3, seen: true }), state, 3);
    expect(jsonOf(third?.[0])).toEqual([
      { n: 1, seen: true },
      { n: 2, seen: true },
      { n: 3, seen: true },
    ]);
    expect(third?.[1]).toEqual([]);
    expect(third?.[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 0 }]);
    expect(state).toMatchObject({ currentRunIndex: 2, noItemsLeft: true, done: true });
  });

  it('v3 defaults to batches of one', async () => {
    const state: JsonObject = {};
    const first = await runOnce(items({ n: 1 }, { n: 2 }), state, 3, {});
    expect(jsonOf(first?.[1])).toEqual([{ n: 1 }]);
  });

  it('v2 has its outputs the other way round: [loop, done]', async () => {
    const state: JsonObject = {};
    const first = await runOnce(items({ n: 1 }), state, 2);
    expect(jsonOf(first?.[0])).toEqual([{ n: 1 }]);
    const done = await runOnce(items({ n: 1, ok: true }), state, 2);
    expect(done).toEqual([[], [{ json: { n: 1, ok: true }, pairedItem: { item: 0 } }]]);
  });

  it('v1 returns nothing once the input is used up', async () => {
    const state: JsonObject = {};
    expect(jsonOf((await runOnce(items({ n: 1 }, { n: 2 }, { n: 3 }), state, 1))?.[0])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(jsonOf((await runOnce(items({}), state, 1))?.[0])).toEqual([{ n: 3 }]);
    expect(await runOnce(items({}), state, 1)).toBeNull();
  });

  it('reset starts over with the incoming items', async () => {
    const state: JsonObject = {};
    await runOnce(items({ n: 1 }, { n: 2 }, { n: 3 }), state, 3, { batchSize: 1, options: { reset: true } });
    const again = await runOnce(items({ m: 1 }, { m: 2 }), state, 3, { batchSize: 1, options: { reset: true } });
    expect(jsonOf(again?.[1])).toEqual([{ m: 1 }]);
    expect(state).toMatchObject({ currentRunIndex: 0, maxRunIndex: 2 });
  });

  it('the state survives a JSON round trip (a parked run)', async () => {
    let state: JsonObject = {};
    await runOnce(items({ n: 1 }, { n: 2 }), state, 3, { batchSize: 1 });
    state = JSON.parse(JSON.stringify(state)) as JsonObject;
    const next = await runOnce(items({ n: 1, x: 1 }), state, 3, { batchSize: 1 });
    expect(jsonOf(next?.[1])).toEqual([{ n: 2 }]);
  });

  it('marks later batches with the first run\'s source when the engine provides it', async () => {
    const state: JsonObject = {};
    const source = { main: [{ previousNode: 'Start', previousNodeOutput: 0, previousNodeRun: 0 }] };
    const first = fakeContext({ type: splitInBatchesNode.type, typeVersion: 3, parameters: { batchSize: 1 }, inputs: [items({ n: 1 }, { n: 2 })], nodeState: state });
    await splitInBatchesNode.execute(Object.assign(first, { source }));
    const second = await runOnce(items({ n: 1 }), state, 3, { batchSize: 1 });
    expect(second?.[1]?.[0].pairedItem).toEqual({ item: 1, sourceOverwrite: source.main[0] });
  });

  it('declares two outputs from v2 on', () => {
    expect(splitInBatchesNode.outputs?.(fakeContext({ typeVersion: 3 }).node)).toBe(2);
    expect(splitInBatchesNode.outputs?.(fakeContext({ typeVersion: 1 }).node)).toBe(1);
  });
});
