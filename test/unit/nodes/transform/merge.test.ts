import { mergeNode } from '../../../../src/nodes/transform/merge';
import { NodeOperationError } from '../../../../src/errors';
import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items } from '../../../helpers/node-context';

const people = items({ id: 1, name: 'Ada' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Cy' });
const orders = items({ id: 2, total: 20 }, { id: 3, total: 30 }, { id: 4, total: 40 }, { id: 3, total: 31 });

async function runMerge(parameters: JsonObject, inputs: Item[][], typeVersion = 3.2): Promise<Array<Item[] | null> | null> {
  const ctx = fakeContext({ type: 'n8n-nodes-base.merge', typeVersion, parameters, inputs });
  const result = await mergeNode.execute(ctx);
  if (result !== null && !Array.isArray(result)) throw new Error('unexpected wait request');
  return result;
}

const jsonOf = (output: Array<Item[] | null> | null): JsonObject[] => (output?.[0] ?? []).map((item) => item.json);

describe('Merge v3 combine by matching fields (conformance 21)', () => {
  const combine = (joinMode: string, extra: JsonObject = {}): JsonObject => ({
    mode: 'combine',
    fieldsToMatchString: 'id',
    joinMode,
    options: {},
    ...extra,
  });

  it('keepMatches merges every match, input 2 winning, with both paired items', async () => {
    const output = await runMerge(combine('keepMatches'), [people, orders]);
    expect(output?.[0]).toEqual([
      { json: { id: 2, name: 'Bob', total: 20 }, binary: {}, pairedItem: [{ item: 1 }, { item: 0, input: 1 }] },
      { json: { id: 3, name: 'Cy', total: 30 }, binary: {}, pairedItem: [{ item: 2 }, { item: 1, input: 1 }] },
      { json: { id: 3, name: 'Cy', total: 31 }, binary: {}, pairedItem: [{ item: 2 }, { item: 3, input: 1 }] },
    ]);
  });

  it('keepEverything appends the unmatched items of input 1 then input 2', async () => {
    const output = await runMerge(combine('keepEverything'), [people, orders]);
    expect(jsonOf(output)).toEqual([
      { id: 2, name: 'Bob', total: 20 },
      { id: 3, name: 'Cy', total: 30 },
      { id: 3, name: 'Cy', total: 31 },
      { id: 1, name: 'Ada' },
      { id: 4, total: 40 },
    ]);
    expect(output?.[0]?.slice(3).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2, input: 1 }]);
  });

  it('enrichInput1 keeps all of input 1', async () => {
    const output = await runMerge(combine('enrichInput1'), [people, orders]);
    expect(jsonOf(output)).toEqual([
      { id: 2, name: 'Bob', total: 20 },
      { id: 3, name: 'Cy', total: 30 },
      { id: 3, name: 'Cy', total: 31 },
      { id: 1, name: 'Ada' },
    ]);
  });

  it('keepNonMatches from both inputs marks the source', async () => {
    const output = await runMerge(combine('keepNonMatches', { outputDataFrom: 'both' }), [people, orders]);
    expect(output?.[0]).toEqual([
      { json: { id: 1, name: 'Ada', _source: 'input1' }, pairedItem: { item: 0 } },
      { json: { id: 4, total: 40, _source: 'input2' }, pairedItem: { item: 2, input: 1 } },
    ]);
  });

  it('enrichInput2 prefers input 1 values by default', async () => {
    const output = await runMerge(combine('enrichInput2'), [items({ id: 2, v: 'one' }), items({ id: 2, v: 'two' }, { id: 9, v: 'x' })]);
    expect(jsonOf(output)).toEqual([{ id: 2, v: 'one' }, { id: 9, v: 'x' }]);
  });

  it('keepMatches with output from input 1 emits each matched input-1 item once', async () => {
    const output = await runMerge(combine('keepMatches', { outputDataFrom: 'input1' }), [people, orders]);
    expect(jsonOf(output)).toEqual([{ id: 2, name: 'Bob' }, { id: 3, name: 'Cy' }]);
  });

  it('keepMatches with output from input 2 emits the matched input-2 items in their order', async () => {
    const output = await runMerge(combine('keepMatches', { outputDataFrom: 'input2' }), [people, orders]);
    expect(jsonOf(output)).toEqual([
      { id: 2, total: 20 },
      { id: 3, total: 30 },
      { id: 3, total: 31 },
    ]);
  });

  it('multipleMatches "first" keeps only the first match', async () => {
    const output = await runMerge(combine('keepMatches', { options: { multipleMatches: 'first' } }), [people, orders]);
    expect(jsonOf(output)).toEqual([
      { id: 2, name: 'Bob', total: 20 },
      { id: 3, name: 'Cy', total: 30 },
    ]);
  });

  it('fuzzyCompare matches the number 2 with the string "2"', async () => {
    const strict = await runMerge(combine('keepMatches'), [items({ id: 2, a: 1 }), items({ id: '2', b: 2 })]);
    expect(strict).toEqual([[]]);
    const fuzzy = await runMerge(combine('keepMatches', { options: { fuzzyCompare: true } }), [items({ id: 2, a: 1 }), items({ id: '2', b: 2 })]);
    expect(jsonOf(fuzzy)).toEqual([{ id: '2', a: 1, b: 2 }]);
  });

  it('matches fields with different names (advanced)', async () => {
    const output = await runMerge(
      { mode: 'combine', advanced: true, mergeByFields: { values: [{ field1: 'user.id', field2: 'userId' }] }, joinMode: 'keepMatches' },
      [items({ user: { id: 7 }, n: 'a' }), items({ userId: 7, total: 3 })],
    );
    expect(jsonOf(output)).toEqual([{ user: { id: 7 }, n: 'a', userId: 7, total: 3 }]);
  });

  it('clash handling addSuffix renames every field', async () => {
    const output = await runMerge(
      combine('keepEverything', { options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } }),
      [items({ id: 1, v: 'a' }, { id: 5, v: 'u' }), items({ id: 1, v: 'b' })],
    );
    expect(jsonOf(output)).toEqual([{ id_1: 1, v_1: 'a', id_2: 1, v_2: 'b' }, { id_1: 5, v_1: 'u' }]);
  });

  it('clash handling preferInput1 and shallow merge', async () => {
    const output = await runMerge(
      combine('keepMatches', { options: { clashHandling: { values: { resolveClash: 'preferInput1', mergeMode: 'shallowMerge' } } } }),
      [items({ id: 1, v: 'a', deep: { x: 1 } }), items({ id: 1, v: 'b', deep: { y: 2 }, w: true })],
    );
    expect(jsonOf(output)).toEqual([{ id: 1, v: 'a', deep: { x: 1 }, w: true }]);
  });

  it('deep merge combines nested objects and merges arrays by index', async () => {
    const output = await runMerge(combine('keepMatches'), [items({ id: 1, deep: { x: 1 }, list: [1, 2, 3] }), items({ id: 1, deep: { y: 2 }, list: [9] })]);
    expect(jsonOf(output)).toEqual([{ id: 1, deep: { x: 1, y: 2 }, list: [9, 2, 3] }]);
  });

  it('minimize empty fields keeps a value over an empty one', async () => {
    const output = await runMerge(
      combine('keepMatches', { options: { clashHandling: { values: { resolveClash: 'preferLast', overrideEmpty: true } } } }),
      [items({ id: 1, v: 'a', w: null }), items({ id: 1, v: '', w: 3, z: '' })],
    );
    expect(jsonOf(output)).toEqual([{ id: 1, v: 'a', w: 3, z: '' }]);
  });

  it('items missing the match field are unmatched', async () => {
    const output = await runMerge(combine('keepNonMatches', { outputDataFrom: 'input1' }), [items({ id: 1 }, { other: 1 }), items({ id: 1 })]);
    expect(jsonOf(output)).toEqual([{ other: 1 }]);
  });

  it('returns no output for keepMatches when one input is empty, both inputs otherwise', async () => {
    expect(await runMerge(combine('keepMatches'), [people, []])).toEqual([]);
    expect(jsonOf(await runMerge(combine('keepEverything'), [[], orders.slice(0, 1)]))).toEqual([{ id: 2, total: 20 }]);
  });

  it('refuses an empty field list with n8n\'s message', async () => {
    await expect(runMerge(combine('keepMatches', { fieldsToMatchString: '' }), [people, orders])).rejects.toThrow(
      'You need to define at least one pair of fields in "Fields to Match" to match on',
    );
  });
});

describe('Merge v3 other modes', () => {
  it('append concatenates the inputs with their input index (conformance 35: one input empty)', async () => {
    const output = await runMerge({}, [items({ n: 1 }, { n: 2 }), []]);
    expect(output).toEqual([[{ json: { n: 1 }, pairedItem: { item: 0 } }, { json: { n: 2 }, pairedItem: { item: 1 } }]]);
    const three = await runMerge({ mode: 'append', numberInputs: 3 }, [items({ a: 1 }), [], items({ c: 3 })]);
    expect(three?.[0]).toEqual([
      { json: { a: 1 }, pairedItem: { item: 0 } },
      { json: { c: 3 }, pairedItem: { item: 0, input: 2 } },
    ]);
  });

  it('chooseBranch outputs the chosen input or one empty item (conformance 23)', async () => {
    const first = items({ f: 1 });
    const second = items({ s: 1 }, { s: 2 });
    expect(jsonOf(await runMerge({ mode: 'chooseBranch', useDataOfInput: 2 }, [first, second]))).toEqual([{ s: 1 }, { s: 2 }]);
    expect(jsonOf(await runMerge({ mode: 'chooseBranch' }, [first, second]))).toEqual([{ f: 1 }]);
    const empty = await runMerge({ mode: 'chooseBranch', chooseBranchMode: 'waitForAll', output: 'empty' }, [first, second]);
    expect(empty).toEqual([[{ json: {}, pairedItem: [{ item: 0 }, { item: 0, input: 1 }, { item: 1, input: 1 }] }]]);
  });

  it('chooseBranch refuses an input the node does not have', async () => {
    await expect(runMerge({ mode: 'chooseBranch', useDataOfInput: 3 }, [items({}), items({})])).rejects.toThrow("Input 3 doesn't exist");
  });

  it('combine by position pairs items and prefers the last input', async () => {
    const output = await runMerge({ mode: 'combine', combineBy: 'combineByPosition' }, [items({ a: 1, k: 'x' }, { a: 2 }), items({ b: 1, k: 'y' })]);
    expect(output?.[0]).toEqual([{ json: { a: 1, k: 'y', b: 1 }, binary: {}, pairedItem: [{ item: 0 }, { item: 0, input: 1 }, { item: 0, input: 1 }] }]);
    const unpaired = await runMerge({ mode: 'combine', combineBy: 'combineByPosition', options: { includeUnpaired: true } }, [
      items({ a: 1 }, { a: 2 }),
      items({ b: 1 }),
    ]);
    expect(jsonOf(unpaired)).toEqual([{ a: 1, b: 1 }, { a: 2 }]);
  });

  it('combine all makes every pairing', async () => {
    const output = await runMerge({ mode: 'combine', combineBy: 'combineAll' }, [items({ a: 1 }, { a: 2 }), items({ b: 1 }, { b: 2 })]);
    expect(jsonOf(output)).toEqual([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { a: 2, b: 2 },
    ]);
    expect(output?.[0]?.[1].pairedItem).toEqual([{ item: 0 }, { item: 1, input: 1 }]);
  });

  it('SQL mode fails with a clear error', async () => {
    const promise = runMerge({ mode: 'combineBySql' }, [items({}), items({})]);
    await expect(promise).rejects.toBeInstanceOf(NodeOperationError);
    await expect(promise).rejects.toThrow('Merge mode "SQL Query" (combineBySql) is not supported by this service');
  });

  it('declares inputs and required inputs as n8n does', () => {
    const node = (parameters: JsonObject, typeVersion = 3.2) => fakeContext({ parameters, typeVersion }).node;
    expect(mergeNode.inputs?.(node({ mode: 'append', numberInputs: 4 }))).toBe(4);
    expect(mergeNode.inputs?.(node({}))).toBe(2);
    expect(mergeNode.requiredInputs?.(node({ mode: 'chooseBranch' }))).toBe(2);
    expect(mergeNode.requiredInputs?.(node({ mode: 'combine' }))).toBe(1);
    expect(mergeNode.requiredInputs?.(node({ mode: 'append' }, 1))).toBe(1);
  });
});

describe('Merge v2 and v1', () => {
  it('v2 merges by fields with preferInput2 and chooses a branch', async () => {
    const output = await runMerge(
      { mode: 'combine', mergeByFields: { values: [{ field1: 'id', field2: 'id' }] }, joinMode: 'keepMatches' },
      [items({ id: 1, v: 'a' }), items({ id: 1, v: 'b' })],
      2.1,
    );
    expect(jsonOf(output)).toEqual([{ id: 1, v: 'b' }]);
    expect(jsonOf(await runMerge({ mode: 'chooseBranch', output: 'input2' }, [items({ a: 1 }), items({ b: 1 })], 2))).toEqual([{ b: 1 }]);
  });

  it('v2.0 checks that the match field exists', async () => {
    await expect(
      runMerge({ mode: 'combine', mergeByFields: { values: [{ field1: 'id', field2: 'key' }] } }, [items({ id: 1 }), items({ id: 1 })], 2),
    ).rejects.toThrow("Field 'key' is not present in any of items in 'Input 2'");
  });

  it('v2 merges by position', async () => {
    const output = await runMerge({ mode: 'combine', combinationMode: 'mergeByPosition' }, [items({ a: 1 }, { a: 2 }), items({ a: 9, b: 1 })], 2);
    expect(jsonOf(output)).toEqual([{ a: 9, b: 1 }]);
  });

  it('v1 merges by key, by index, and waits', async () => {
    const byKey = await runMerge(
      { mode: 'mergeByKey', propertyName1: 'id', propertyName2: 'key' },
      [items({ id: 1, a: 'x' }, { id: 2 }), items({ key: 1, b: 'y' })],
      1,
    );
    expect(jsonOf(byKey)).toEqual([{ id: 1, a: 'x', b: 'y' }, { id: 2 }]);
    const byIndex = await runMerge({ mode: 'mergeByIndex', join: 'outer' }, [items({ a: 1 }), items({ b: 1 }, { b: 2 })], 1);
    expect(jsonOf(byIndex)).toEqual([{ a: 1, b: 1 }, { b: 2 }]);
    const removed = await runMerge({ mode: 'removeKeyMatches', propertyName1: 'id', propertyName2: 'id' }, [items({ id: 1 }, { id: 2 }), items({ id: 1 })], 1);
    expect(jsonOf(removed)).toEqual([{ id: 2 }]);
    const waited = await runMerge({ mode: 'wait' }, [items({ a: 1 }, { a: 2 }), items({ b: 1 })], 1);
    expect(waited).toEqual([[{ json: {}, pairedItem: [{ item: 0 }, { item: 1 }] }]]);
  });
});
