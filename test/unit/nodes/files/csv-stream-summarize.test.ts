import type { Run } from '../../../../src/contracts/run-data';
import type { JsonObject } from '../../../../src/workflow/json';
import { filesHarness, type FilesHarness } from './run-workflow';

const CONVERT = 'n8n-nodes-base.convertToFile';
const EXTRACT = 'n8n-nodes-base.extractFromFile';
const SUMMARIZE = 'n8n-nodes-base.summarize';
const SET = 'n8n-nodes-base.set';
const REGIONS = ['north', 'south', 'east', 'west', ''];

/** 2,500 rows: three batches of the stream, one group with an empty region. */
const rows = Array.from({ length: 2500 }, (_, index) => ({ json: { id: index + 1, region: REGIONS[index % 5], customer: `c${index % 7}`, amount: index % 10 } }));

const summarizeParameters: JsonObject = {
  fieldsToSplitBy: 'region',
  fieldsToSummarize: {
    values: [
      { aggregation: 'count', field: 'id' },
      { aggregation: 'countUnique', field: 'customer' },
      { aggregation: 'max', field: 'amount' },
      { aggregation: 'concatenate', field: 'id', separateBy: ',' },
    ],
  },
  options: {},
};

/** A Set node after Summarize; naming the CSV node in it turns the streamed hand-over off. */
const after = (text: string): [string, string, number, JsonObject] => [
  'After',
  SET,
  3.4,
  { mode: 'manual', assignments: { assignments: [{ id: 'a', name: 'note', value: text, type: 'string' }] }, includeOtherFields: true, options: {} },
];

describe('CSV rows streamed from Extract from File into Summarize', () => {
  let h: FilesHarness;
  beforeAll(() => (h = filesHarness({ inlineMaxBytes: 16 })));
  afterAll(() => h.close());

  const runWith = (note: string, summarize: JsonObject = summarizeParameters, version = 1.1): Promise<Run> =>
    h.run(
      [
        ['To CSV', CONVERT, 1.1, { operation: 'csv', options: {} }],
        ['From CSV', EXTRACT, 1.1, { operation: 'csv', options: { enableBOM: true } }],
        ['Summarize', SUMMARIZE, version, summarize],
        after(note),
      ],
      rows,
    );

  it('gives the same groups and paired items as the run that keeps every row, and keeps no rows', async () => {
    const streamed = await runWith('plain');
    const kept = await runWith('reads From CSV');
    expect(streamed.status).toBe('success');
    expect(kept.status).toBe('success');
    const streamedGroups = h.output(streamed, 'Summarize');
    expect(streamedGroups).toEqual(h.output(kept, 'Summarize'));
    expect(streamedGroups.map((item) => item.json)).toEqual([
      { region: 'north', count_id: 500, unique_count_customer: 7, max_amount: '5', concatenated_id: expect.stringMatching(/^1,6,11,.*,2496$/) },
      { region: 'south', count_id: 500, unique_count_customer: 7, max_amount: '6', concatenated_id: expect.stringMatching(/^2,7,12,.*,2497$/) },
      { region: 'east', count_id: 500, unique_count_customer: 7, max_amount: '7', concatenated_id: expect.stringMatching(/^3,8,.*,2498$/) },
      { region: 'west', count_id: 500, unique_count_customer: 7, max_amount: '8', concatenated_id: expect.stringMatching(/^4,9,.*,2499$/) },
      // The empty region is dropped by the CSV reader (no includeEmptyCells), so those rows have
      // no region field: n8n groups them under undefined, which leaves the field out.
      { count_id: 500, unique_count_customer: 7, max_amount: '9', concatenated_id: expect.stringMatching(/^5,10,.*,2500$/) },
    ]);
    expect(streamedGroups[0]?.pairedItem).toHaveLength(500);
    expect((streamedGroups[3]?.pairedItem as Array<{ item: number }>).at(-1)).toEqual({ item: 2498 });
    // The kept run has every row; the streamed run records none and says where they went.
    expect(h.output(kept, 'From CSV')).toHaveLength(2500);
    expect(h.output(streamed, 'From CSV')).toEqual([]);
    expect(streamed.data.resultData.runData['From CSV']?.[0]?.hints).toEqual([
      { message: '2500 items were handed to "Summarize" in batches and are not kept in this run\'s data', type: 'info', location: 'outputPane' },
    ]);
    expect(h.output(streamed, 'After')).toHaveLength(5);
    expect(streamed.data.resultData.runData.Summarize?.[0]?.source).toEqual([{ previousNode: 'From CSV' }]);
    // The same order of node runs as without the hand-over.
    const order = (run: Run) => Object.entries(run.data.resultData.runData).sort(([, a], [, b]) => (a[0]?.executionIndex ?? 0) - (b[0]?.executionIndex ?? 0)).map(([name]) => name);
    expect(order(streamed)).toEqual(order(kept));
  });

  it('ends as the Summarize error when the consumer fails (v1, missing field), after reading the whole file', async () => {
    const missing: JsonObject = { ...summarizeParameters, fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'nope' }] } };
    const run = await runWith('plain', missing, 1);
    expect(run.status).toBe('error');
    expect(run.data.resultData.lastNodeExecuted).toBe('Summarize');
    expect(run.data.resultData.error?.message).toBe("The field 'nope' does not exist in any items");
    expect(run.data.resultData.runData['From CSV']?.[0]?.executionStatus).toBe('success');
  });

  it('fails the CSV node, naming it and the item, when the file is not CSV, and Summarize never runs', async () => {
    const run = await h.run(
      [
        ['To File', CONVERT, 1.1, { operation: 'toText', sourceProperty: 'text', options: { fileName: 'broken.txt' } }],
        ['From CSV', EXTRACT, 1.1, { operation: 'csv', options: {} }],
        ['Summarize', SUMMARIZE, 1.1, summarizeParameters],
      ],
      [{ json: { text: `a,b\n${'1,2\n'.repeat(3000)}"unclosed,3\n4,5\n` } }],
    );
    expect(run.status).toBe('error');
    expect(run.data.resultData.lastNodeExecuted).toBe('From CSV');
    expect(run.data.resultData.error?.message).toBe("The file selected in 'Input Binary Field' is not in csv format");
    expect(run.data.resultData.runData.Summarize).toBeUndefined();
  });
});
