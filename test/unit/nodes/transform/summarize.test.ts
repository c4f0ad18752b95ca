import { summarizeNode } from '../../../../src/nodes/transform/summarize';
import type { JsonObject } from '../../../../src/workflow/json';
import type { Item } from '../../../../src/contracts/run-data';
import { fakeContext, items } from '../../../helpers/node-context';

async function run(parameters: JsonObject, input: Item[], typeVersion = 1.1): Promise<Item[]> {
  const result = await summarizeNode.execute(fakeContext({ type: summarizeNode.type, typeVersion, parameters, inputs: [input] }));
  if (result === null || !Array.isArray(result)) throw new Error('expected items');
  return result[0] ?? [];
}

const sales = items(
  { region: 'north', amount: 10, rep: 'ada' },
  { region: 'south', amount: 5, rep: 'bob' },
  { region: 'north', amount: 7, rep: 'ada' },
  { region: 'north', amount: '3', rep: '' },
);

describe('Summarize', () => {
  it('summarizes all items into one', async () => {
    const output = await run(
      {
        fieldsToSummarize: {
          values: [
            { aggregation: 'sum', field: 'amount' },
            { aggregation: 'count', field: 'rep' },
            { aggregation: 'countUnique', field: 'rep' },
            { aggregation: 'max', field: 'amount' },
            { aggregation: 'concatenate', field: 'region', separateBy: ', ' },
          ],
        },
      },
      sales,
    );
    expect(output).toEqual([
      {
        json: { sum_amount: 22, count_rep: 3, unique_count_rep: 2, max_amount: 10, concatenated_region: 'north, south, north, north' },
        pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }],
      },
    ]);
  });

  it('splits by a field, one item per group', async () => {
    const output = await run({ fieldsToSummarize: { values: [{ aggregation: 'average', field: 'amount' }, { aggregation: 'append', field: 'rep' }] }, fieldsToSplitBy: 'region' }, sales);
    expect(output).toEqual([
      { json: { average_amount: 8.5, appended_rep: ['ada', 'ada'], region: 'north' }, pairedItem: [{ item: 0 }, { item: 2 }, { item: 3 }] },
      { json: { average_amount: 5, appended_rep: ['bob'], region: 'south' }, pairedItem: [{ item: 1 }] },
    ]);
  });

  it('groups into a single item when asked', async () => {
    const output = await run({ fieldsToSummarize: { values: [{ aggregation: 'count', field: 'amount' }] }, fieldsToSplitBy: 'region', options: { outputFormat: 'singleItem' } }, sales);
    expect(output[0].json).toEqual({ north: { count_amount: 3 }, south: { count_amount: 1 } });
  });

  it('keeps group value types in v1.1 and makes them strings in v1', async () => {
    const input = items({ k: 1 }, { k: '1' });
    const params = { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'k' }] }, fieldsToSplitBy: 'k' };
    expect((await run(params, input)).map((item) => item.json)).toEqual([{ count_k: 1, k: 1 }, { count_k: 1, k: '1' }]);
    expect((await run(params, input, 1)).map((item) => item.json)).toEqual([{ count_k: 2, k: '1' }]);
  });

  it('fails on a missing field in v1 and requires a field', async () => {
    await expect(run({ fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'zz' }] } }, sales, 1)).rejects.toThrow("The field 'zz' does not exist in any items");
    expect((await run({ fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'zz' }] } }, sales))[0].json).toEqual({ sum_zz: 0 });
    await expect(run({ fieldsToSummarize: { values: [{ aggregation: 'count', field: '' }] } }, sales)).rejects.toThrow(
      "You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'",
    );
  });
});
