import { aggregateNode } from '../../../../src/nodes/transform/aggregate';
import { splitOutNode } from '../../../../src/nodes/transform/split-out';
import type { NodeTypeDefinition } from '../../../../src/contracts/node-type';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items, type FakeContextOptions } from '../../../helpers/node-context';

async function run(definition: NodeTypeDefinition, options: FakeContextOptions): Promise<Item[]> {
  const result = await definition.execute(fakeContext({ type: definition.type, ...options }));
  if (result === null || !Array.isArray(result)) throw new Error('expected items');
  return result[0] ?? [];
}

describe('Split Out', () => {
  const order = items({ id: 7, customer: 'Ada', lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] }, { id: 8, lines: ['x'] });

  it('splits a list of objects into items, with no other fields', async () => {
    expect(await run(splitOutNode, { parameters: { fieldToSplitOut: 'lines' }, inputs: [order] })).toEqual([
      { json: { sku: 'a', qty: 1 }, pairedItem: { item: 0 } },
      { json: { sku: 'b', qty: 2 }, pairedItem: { item: 0 } },
      { json: { lines: 'x' }, pairedItem: { item: 1 } },
    ]);
  });

  it('keeps all other fields, or the selected ones, under a destination name', async () => {
    const all = await run(splitOutNode, {
      parameters: { fieldToSplitOut: 'lines', include: 'allOtherFields', options: { destinationFieldName: 'line' } },
      inputs: [order.slice(0, 1)],
    });
    expect(all.map((item) => item.json)).toEqual([
      { id: 7, customer: 'Ada', line: { sku: 'a', qty: 1 } },
      { id: 7, customer: 'Ada', line: { sku: 'b', qty: 2 } },
    ]);
    const selected = await run(splitOutNode, {
      parameters: { fieldToSplitOut: 'lines', include: 'selectedOtherFields', fieldsToInclude: 'id' },
      inputs: [order.slice(1)],
    });
    expect(selected.map((item) => item.json)).toEqual([{ lines: 'x', id: 8 }]);
  });

  it('splits several fields side by side and nested paths', async () => {
    const output = await run(splitOutNode, {
      parameters: { fieldToSplitOut: 'a, b.c' },
      inputs: [items({ a: [1, 2], b: { c: ['x'] } })],
    });
    expect(output.map((item) => item.json)).toEqual([{ a: 1, 'b.c': 'x' }, { a: 2 }]);
  });

  it('outputs nothing for a missing field and splits object values', async () => {
    expect(await run(splitOutNode, { parameters: { fieldToSplitOut: 'zz' }, inputs: [items({ a: 1 })] })).toEqual([]);
    const values = await run(splitOutNode, { parameters: { fieldToSplitOut: 'm' }, inputs: [items({ m: { p: 1, q: 2 } })] });
    expect(values.map((item) => item.json)).toEqual([{ m: 1 }, { m: 2 }]);
  });

  it('refuses mismatched destination names', async () => {
    await expect(
      run(splitOutNode, { parameters: { fieldToSplitOut: 'a,b', options: { destinationFieldName: 'x' } }, inputs: [items({ a: [1] })] }),
    ).rejects.toThrow('If multiple fields to split out are given, the same number of destination fields must be given');
  });
});

describe('Aggregate', () => {
  const people = items({ name: 'Ada', tags: ['x', null], addr: { city: 'Oslo' } }, { name: 'Bob', tags: ['y'] }, { tags: null });

  it('aggregates individual fields into lists, skipping missing values', async () => {
    const output = await run(aggregateNode, {
      parameters: {
        fieldsToAggregate: {
          fieldToAggregate: [{ fieldToAggregate: 'name' }, { fieldToAggregate: 'addr.city' }, { fieldToAggregate: 'tags', renameField: true, outputFieldName: 'allTags' }],
        },
        options: { mergeLists: true },
      },
      inputs: [people],
    });
    expect(output).toEqual([
      { json: { name: ['Ada', 'Bob'], city: ['Oslo'], allTags: ['x', 'y'] }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] },
    ]);
  });

  it('keeps missing values as null when asked', async () => {
    const output = await run(aggregateNode, {
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'name' }] }, options: { keepMissing: true } },
      inputs: [people],
    });
    expect(output[0].json).toEqual({ name: ['Ada', 'Bob', null] });
  });

  it('aggregates all item data, optionally only some fields', async () => {
    const all = await run(aggregateNode, { parameters: { aggregate: 'aggregateAllItemData' }, inputs: [items({ a: 1 }, { a: 2, b: 3 })] });
    expect(all).toEqual([{ json: { data: [{ a: 1 }, { a: 2, b: 3 }] }, pairedItem: [{ item: 0 }, { item: 1 }] }]);
    const some = await run(aggregateNode, {
      parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', include: 'specifiedFields', fieldsToInclude: 'b' },
      inputs: [items({ a: 1 }, { a: 2, b: 3 })],
    });
    expect(some).toEqual([{ json: { rows: [{ b: 3 }] }, pairedItem: [{ item: 1 }] }]);
  });

  it('includes binaries with unique names', async () => {
    const file = { data: 'QQ==', mimeType: 'text/plain' };
    const output = await run(aggregateNode, {
      parameters: { aggregate: 'aggregateAllItemData', options: { includeBinaries: true } },
      inputs: [[{ json: { a: 1 }, binary: { data: file } }, { json: { a: 2 }, binary: { data: file } }]],
    });
    expect(Object.keys(output[0].binary ?? {})).toEqual(['data', 'data_1']);
  });

  it('refuses a duplicated output field and an empty field list', async () => {
    await expect(
      run(aggregateNode, { parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'a' }, { fieldToAggregate: 'a' }] } }, inputs: [people] }),
    ).rejects.toThrow("The 'a' output field is used more than once");
    await expect(run(aggregateNode, { parameters: {}, inputs: [people] })).rejects.toThrow('No fields specified');
  });
});
