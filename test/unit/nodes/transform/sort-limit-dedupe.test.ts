import { limitNode } from '../../../../src/nodes/transform/limit';
import { removeDuplicatesNode } from '../../../../src/nodes/transform/remove-duplicates';
import { sortNode } from '../../../../src/nodes/transform/sort';
import type { NodeTypeDefinition } from '../../../../src/contracts/node-type';
import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items, type FakeContextOptions } from '../../../helpers/node-context';

async function run(definition: NodeTypeDefinition, options: FakeContextOptions): Promise<Array<Item[] | null>> {
  const result = await definition.execute(fakeContext({ type: definition.type, ...options }));
  if (result === null || !Array.isArray(result)) throw new Error('expected items');
  return result;
}
const jsonOf = (output: Array<Item[] | null>, index = 0): JsonObject[] => (output[index] ?? []).map((item) => item.json);

// Conformance 27 (sort_limit_dedupe): n8n's real outputs.
const seed = items({ g: 'b', n: 2 }, { g: 'a', n: 5 }, { g: 'b', n: 2 }, { g: 'a', n: 1 }, { g: 'c', n: 9 }, { g: 'a', n: 5 });
const deduped = [
  { g: 'b', n: 2 },
  { g: 'a', n: 5 },
  { g: 'a', n: 1 },
  { g: 'c', n: 9 },
];
const sorted = [
  { g: 'a', n: 5 },
  { g: 'a', n: 1 },
  { g: 'b', n: 2 },
  { g: 'c', n: 9 },
];

describe('Remove Duplicates', () => {
  it('removes items equal on all fields, keeping the first, with their input index', async () => {
    const output = await run(removeDuplicatesNode, { typeVersion: 2, parameters: { operation: 'removeDuplicateInputItems', compare: 'allFields', options: {} }, inputs: [seed] });
    expect(jsonOf(output)).toEqual(deduped);
    expect(output[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }, { item: 4 }]);
  });

  it('compares selected fields only', async () => {
    const output = await run(removeDuplicatesNode, {
      typeVersion: 2,
      parameters: { operation: 'removeDuplicateInputItems', compare: 'selectedFields', fieldsToCompare: 'g', options: {} },
      inputs: [seed],
    });
    expect(jsonOf(output)).toEqual([
      { g: 'b', n: 2 },
      { g: 'a', n: 5 },
      { g: 'c', n: 9 },
    ]);
  });

  it('compares all fields except the excluded ones, and can drop the other fields', async () => {
    const output = await run(removeDuplicatesNode, {
      typeVersion: 1.1,
      parameters: { compare: 'allFieldsExcept', fieldsToExclude: 'n', options: { removeOtherFields: true } },
      inputs: [seed],
    });
    expect(output[0]).toEqual([
      { json: { g: 'b' }, pairedItem: { item: 0 } },
      { json: { g: 'a' }, pairedItem: { item: 1 } },
      { json: { g: 'c' }, pairedItem: { item: 2 } },
    ]);
  });

  it('fails with n8n\'s messages on missing or mixed-type fields', async () => {
    const selected = (fieldsToCompare: string, inputs: Item[][]) =>
      run(removeDuplicatesNode, { typeVersion: 2, parameters: { compare: 'selectedFields', fieldsToCompare }, inputs });
    await expect(selected('zz', [items({ a: 1 })])).rejects.toThrow("'zz' field is missing from some input items");
    await expect(selected('a', [items({ a: 1 }, { a: 'x' })])).rejects.toThrow("'a' isn't always the same type");
    await expect(selected('', [items({ a: 1 })])).rejects.toThrow('No fields specified. Please add a field to compare on');
  });

  it('v2 removes items seen in previous executions, per node, via static data', async () => {
    const staticData: JsonObject = {};
    const dedupe = async (values: number[]) => {
      const ctx = fakeContext({
        type: removeDuplicatesNode.type,
        typeVersion: 2,
        parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '=set per item' },
        perItem: values.map((value) => ({ dedupeValue: String(value) })),
        inputs: [values.map((value) => ({ json: { value } }))],
      });
      Object.assign(ctx, { staticData });
      const output = await removeDuplicatesNode.execute(ctx);
      if (!Array.isArray(output)) throw new Error('expected items');
      return [jsonOf(output, 0), jsonOf(output, 1)];
    };
    expect(await dedupe([1, 2, 2])).toEqual([[{ value: 1 }, { value: 2 }, { value: 2 }], []]);
    expect(await dedupe([2, 3])).toEqual([[{ value: 3 }], [{ value: 2 }]]);
    const clear = fakeContext({ type: removeDuplicatesNode.type, typeVersion: 2, parameters: { operation: 'clearDeduplicationHistory' } });
    Object.assign(clear, { staticData });
    await removeDuplicatesNode.execute(clear);
    expect(await dedupe([2])).toEqual([[{ value: 2 }], []]);
  });

  it('v2 keeps only values above the stored incremental key', async () => {
    const staticData: JsonObject = {};
    const dedupe = async (values: number[]) => {
      const ctx = fakeContext({
        type: removeDuplicatesNode.type,
        typeVersion: 2,
        parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsUpToStoredIncrementalKey' },
        perItem: values.map((value) => ({ incrementalDedupeValue: value })),
        inputs: [values.map((value) => ({ json: { value } }))],
      });
      Object.assign(ctx, { staticData });
      const output = await removeDuplicatesNode.execute(ctx);
      if (!Array.isArray(output)) throw new Error('expected items');
      return [jsonOf(output, 0), jsonOf(output, 1)];
    };
    expect(await dedupe([3, 1])).toEqual([[{ value: 1 }, { value: 3 }], []]);
    expect(await dedupe([2, 5, 4])).toEqual([[{ value: 4 }, { value: 5 }], [{ value: 2 }]]);
  });

  it('v2 with continue on fail answers one item with the error', async () => {
    const output = await run(removeDuplicatesNode, {
      typeVersion: 2,
      continueOnFail: true,
      parameters: { compare: 'selectedFields', fieldsToCompare: 'zz' },
      inputs: [items({ a: 1 }, { a: 2 })],
    });
    expect(output).toEqual([[{ json: { a: 1 }, error: { message: "'zz' field is missing from some input items", name: 'NodeOperationError' }, pairedItem: { item: 0 } }]]);
  });
});

describe('Sort', () => {
  it('sorts by several fields and directions (conformance 27)', async () => {
    const output = await run(sortNode, {
      parameters: { sortFieldsUi: { sortField: [{ fieldName: 'g' }, { fieldName: 'n', order: 'descending' }] }, options: {} },
      inputs: [items(...deduped)],
    });
    expect(jsonOf(output)).toEqual(sorted);
    expect(output[0]?.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 0 }, { item: 3 }]);
  });

  it('compares strings case-insensitively and nested fields by path', async () => {
    const output = await run(sortNode, {
      parameters: { sortFieldsUi: { sortField: [{ fieldName: 'p.name' }] } },
      inputs: [items({ p: { name: 'bob' } }, { p: { name: 'Alice' } }, { p: { name: 'carl' } })],
    });
    expect(jsonOf(output).map((json) => (json.p as JsonObject).name)).toEqual(['Alice', 'bob', 'carl']);
  });

  it('fails on a field no item has, or on no sort field', async () => {
    await expect(run(sortNode, { parameters: { sortFieldsUi: { sortField: [{ fieldName: 'zz' }] } }, inputs: [items({ a: 1 })] })).rejects.toThrow(
      "Couldn't find the field 'zz' in the input data",
    );
    await expect(run(sortNode, { parameters: { sortFieldsUi: {} }, inputs: [items({ a: 1 })] })).rejects.toThrow(
      'No sorting specified. Please add a field to sort by',
    );
  });

  it('random keeps every item', async () => {
    const output = await run(sortNode, { parameters: { type: 'random' }, inputs: [items({ a: 1 }, { a: 2 }, { a: 3 })] });
    expect(jsonOf(output).map((json) => json.a).sort()).toEqual([1, 2, 3]);
  });

  it('code runs the comparator in the sandbox and reorders the original items', async () => {
    const output = await run(sortNode, {
      parameters: { type: 'code', code: 'return b.json.n - a.json.n;' },
      inputs: [items({ n: 1 }, { n: 3 }, { n: 2 })],
      runCode: async (request) => {
        expect(request.mode).toBe('runOnceForAllItems');
        expect(request.code).toContain('return b.json.n - a.json.n;');
        return { mode: 'runOnceForAllItems', returned: [1, 2, 0] };
      },
    });
    expect(output[0]).toEqual([
      { json: { n: 3 }, pairedItem: { item: 1 } },
      { json: { n: 2 }, pairedItem: { item: 2 } },
      { json: { n: 1 }, pairedItem: { item: 0 } },
    ]);
  });

  it('code without return fails as in n8n', async () => {
    await expect(run(sortNode, { parameters: { type: 'code', code: 'a.json.n - b.json.n' }, inputs: [items({ n: 1 })] })).rejects.toThrow(
      "Sort code doesn't return. Please add a 'return' statement to your code",
    );
  });
});

describe('Limit', () => {
  it('keeps the first or last items (conformance 27)', async () => {
    const first = await run(limitNode, { parameters: { maxItems: 2 }, inputs: [items(...sorted)] });
    expect(jsonOf(first)).toEqual(sorted.slice(0, 2));
    const last = await run(limitNode, { parameters: { maxItems: 2, keep: 'lastItems' }, inputs: [items(...sorted)] });
    expect(last[0]).toEqual([
      { json: sorted[2], pairedItem: { item: 2 } },
      { json: sorted[3], pairedItem: { item: 3 } },
    ]);
    const all = await run(limitNode, { parameters: { maxItems: 10 }, inputs: [items(...sorted)] });
    expect(jsonOf(all)).toEqual(sorted);
  });
});
