import { NodeOperationError } from '../../../../src/errors';
import { customerDatastoreNode } from '../../../../src/nodes/dev-tools/customer-datastore';
import { debugHelperNode } from '../../../../src/nodes/dev-tools/debug-helper';
import { MAX_GARBAGE_MB } from '../../../../src/nodes/dev-tools/memory-garbage';
import { NodeApiError } from '../../../../src/nodes/http/node-api-error';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from '../core/context';

const debug = (parameters: Record<string, unknown>, continueOnFail = false) =>
  debugHelperNode.execute(contextWith({ parameters: parameters as never, inputs: [items({ n: 1 }, { n: 2 })], continueOnFail }));

describe('Debug Helper', () => {
  it('outputs nothing for Do Nothing', async () => {
    expect(outputsOf(await debug({ category: 'doNothing' }))).toEqual([[]]);
  });

  it('throws the chosen error type with the chosen message (default: NodeApiError)', async () => {
    await expect(debug({})).rejects.toBeInstanceOf(NodeApiError);
    await expect(debug({})).rejects.toThrow('Node has thrown an error');
    await expect(debug({ throwErrorType: 'NodeOperationError', throwErrorMessage: 'Boom' })).rejects.toMatchObject({
      message: 'Boom',
      nodeName: 'Test Node',
      itemIndex: 0,
    });
    const plain = await debug({ throwErrorType: 'Error', throwErrorMessage: 'Plain' }).catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(NodeOperationError);
    expect((plain as Error).message).toBe('Plain');
  });

  it('turns each failing item into an error item when continuing on fail', async () => {
    expect(outputsOf(await debug({ throwErrorMessage: 'Boom' }, true))).toEqual([
      [
        { json: { error: 'Boom' }, pairedItem: { item: 0 } },
        { json: { error: 'Boom' }, pairedItem: { item: 1 } },
      ],
    ]);
  });

  it('draws seeded fake records as n8n does (same seed, same values)', async () => {
    const result = await debug({ category: 'randomData', randomDataType: 'email', randomDataSeed: 'seed-42', randomDataCount: 3 });
    const emails = [
      { email: 'Emilio.Langosh57@yahoo.com', confirmed: true },
      { email: 'Hugh_Oberbrunner@hotmail.com', confirmed: true },
      { email: 'Kenny.Grimes22@gmail.com', confirmed: true },
    ];
    // Each input item gets its own records; the seed is set again for each.
    expect(jsonOf(result)).toEqual([[...emails, ...emails]]);
    const single = await debug({ category: 'randomData', randomDataType: 'ipv4', randomDataSeed: 'seed-42', randomDataCount: 2, randomDataSingleArray: true });
    expect(outputsOf(single)[0]?.[0]).toEqual({ json: { generatedItems: [{ ip: '178.125.131.228' }, { ip: '9.147.222.201' }] }, pairedItem: { item: 0 } });
  });

  it('reports memory figures, and refuses sizes that would endanger the shared process', async () => {
    const [[first]] = jsonOf(await debug({ category: 'oom', memorySizeValue: 1 })) as Array<Array<Record<string, unknown>>>;
    expect(Object.keys(first).sort()).toEqual(['arrayBuffers', 'external', 'heapTotal', 'heapUsed', 'rss']);
    await expect(debug({ category: 'oom', memorySizeValue: MAX_GARBAGE_MB + 1 })).rejects.toThrow(
      `Memory Size to Generate must be at most ${MAX_GARBAGE_MB} MB here, got ${MAX_GARBAGE_MB + 1}`,
    );
  });
});

describe('Customer Datastore (n8n training)', () => {
  const datastore = (parameters: Record<string, unknown>) =>
    customerDatastoreNode.execute(contextWith({ parameters: parameters as never, inputs: [items({}, {})] }));

  it('gives the first customer once per input item', async () => {
    const gatsby = { id: '23423532', name: 'Jay Gatsby', email: 'gatsby@west-egg.com', notes: 'Keeps asking about a green light??', country: 'US', created: '1925-04-10' };
    expect(outputsOf(await datastore({}))).toEqual([[{ json: gatsby }, { json: gatsby }]]);
  });

  it('gives the first `limit` customers, or all five, per input item, paired', async () => {
    const limited = outputsOf(await datastore({ operation: 'getAllPeople', limit: 2 }))[0] ?? [];
    expect(limited.map((item) => [item.json.name, item.pairedItem])).toEqual([
      ['Jay Gatsby', { item: 0 }],
      ['José Arcadio Buendía', { item: 0 }],
      ['Jay Gatsby', { item: 1 }],
      ['José Arcadio Buendía', { item: 1 }],
    ]);
    expect(outputsOf(await datastore({ operation: 'getAllPeople', returnAll: true }))[0]).toHaveLength(10);
    expect(outputsOf(await datastore({ operation: 'getAllPeople' }))[0]).toHaveLength(10);
  });
});
