import { NodeOperationError } from '../../../../src/errors';
import type { JsonObject } from '../../../../src/workflow/json';
import { ifNode } from '../../../../src/nodes/core/if';
import { filterNode } from '../../../../src/nodes/core/filter';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from './context';

type Json = JsonObject;
const options = (extra: Json = {}): Json => ({ caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2, ...extra });
const cond = (leftValue: Json[string], operation: string, type: string, rightValue: Json[string] = '', extra: Json = {}): Json => ({
  leftValue,
  rightValue,
  operator: { type, operation, ...extra },
});

/** Per-item resolved `conditions`, as the engine would hand them to the node. */
function perItemConditions(seed: Json[], build: (json: Json) => Json): Json[] {
  return seed.map((json) => ({ conditions: build(json) }));
}

const people: Json[] = [
  { name: 'Alice', tags: ['a', 'b'], active: true, email: 'alice@x.io', age: '30' },
  { name: 'bob', tags: [], active: false, age: '12' },
  { name: 'ALFRED', tags: ['z'], active: true, email: '', age: '55' },
];

async function runIf(build: (json: Json) => Json, seed = people, version = 2.2, extra = {}) {
  const parameters = { conditions: build(seed[0]) };
  const ctx = contextWith({ typeVersion: version, parameters, inputs: [items(...seed)], perItem: perItemConditions(seed, build), ...extra });
  return ifNode.execute(ctx);
}

describe('IF v2 (conformance 15)', () => {
  it('AND with case-insensitive startsWith, boolean true and array length', async () => {
    const result = await runIf((json) => ({
      options: options({ caseSensitive: false }),
      combinator: 'and',
      conditions: [
        cond(json.name, 'startsWith', 'string', 'al'),
        cond(json.active, 'true', 'boolean', '', { singleValue: true }),
        cond(json.tags, 'lengthGt', 'array', 0, { rightType: 'number' }),
      ],
    }));
    expect(jsonOf(result)).toEqual([[people[0], people[2]], [people[1]]]);
    expect(outputsOf(result)[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
  });

  it('OR with notEmpty and a loosely converted number', async () => {
    const result = await runIf((json) => ({
      options: options({ typeValidation: 'loose' }),
      combinator: 'or',
      conditions: [cond(json.email ?? null, 'notEmpty', 'string', '', { singleValue: true }), cond(json.age, 'lt', 'number', 18)],
    }));
    expect(jsonOf(result)).toEqual([[people[0], people[1]], [people[2]]]);
  });

  it('exists and a case-sensitive regex', async () => {
    const result = await runIf((json) => ({
      options: options(),
      combinator: 'and',
      conditions: [cond(json.email ?? null, 'exists', 'string', '', { singleValue: true }), cond(json.name, 'regex', 'string', '^[A-Z]')],
    }));
    expect(jsonOf(result)).toEqual([[people[0], people[2]], [people[1]]]);
  });

  it('fails on an invalid regex with an empty message, as n8n loses it (differential e406)', async () => {
    const failure = runIf((json) => ({ options: options(), combinator: 'and', conditions: [cond(json.name, 'regex', 'string', '([a-')] }));
    await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
    await expect(failure).rejects.toMatchObject({ message: '', itemIndex: 0 });
  });

  it("fails on a strict type mismatch with n8n's message", async () => {
    const failure = runIf((json) => ({ options: options(), combinator: 'and', conditions: [cond(json.age, 'lt', 'number', 18)] }));
    await expect(failure).rejects.toThrow("Wrong type: '30' is a string but was expecting a number [condition 0, item 0]");
    await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
    await expect(failure).rejects.toMatchObject({ itemIndex: 0 });
  });

  it('sends failing items to false when continuing on fail', async () => {
    const result = await runIf(
      (json) => ({ options: options(), combinator: 'and', conditions: [cond(json.age, 'lt', 'number', 18)] }),
      people,
      2.2,
      { continueOnFail: true },
    );
    expect(jsonOf(result)).toEqual([[], people]);
  });

  it('fills in the options and combinator n8n defaults to', async () => {
    const result = await runIf((json) => ({ conditions: [cond(json.name, 'equals', 'string', 'bob')] }));
    expect(jsonOf(result)).toEqual([[people[1]], [people[0], people[2]]]);
  });
});

describe('IF v1', () => {
  const seed: Json[] = [{ n: 5, s: 'apple' }, { n: 15, s: 'banana' }];
  const run = (conditions: (json: Json) => Json, combineOperation = 'all') =>
    ifNode.execute(
      contextWith({
        typeVersion: 1,
        parameters: { combineOperation },
        inputs: [items(...seed)],
        perItem: seed.map((json) => ({ conditions: conditions(json), combineOperation })),
      }),
    );

  it('checks every data type with all / any', async () => {
    const both = (json: Json): Json => ({
      number: [{ value1: json.n, operation: 'larger', value2: 10 }],
      string: [{ value1: json.s, operation: 'contains', value2: 'an' }],
    });
    expect(jsonOf(await run(both))).toEqual([[seed[1]], [seed[0]]]);
    const either = (json: Json): Json => ({
      number: [{ value1: json.n, operation: 'smaller', value2: 10 }],
      string: [{ value1: json.s, operation: 'endsWith', value2: 'ana' }],
    });
    expect(jsonOf(await run(either, 'any'))).toEqual([seed, []]);
  });

  it('compares dates and reports values that are no date', async () => {
    const after = (): Json => ({ dateTime: [{ value1: '2024-05-02', operation: 'after', value2: '2024-05-01T12:00:00Z' }] });
    expect(jsonOf(await run(after))).toEqual([seed, []]);
    const invalid = (): Json => ({ dateTime: [{ value1: 'someday', operation: 'after', value2: '2024-05-01' }] });
    await expect(run(invalid)).rejects.toThrow('The value "someday" is not a valid DateTime.');
  });
});

describe('Filter (conformance 19)', () => {
  const seed: Json[] = [{ v: 1, name: 'a' }, { v: 2, name: '' }, { v: 3, name: 'c' }, { v: 4, name: 'd' }];
  const run = (build: (json: Json) => Json, version = 2.2, extra = {}) =>
    filterNode.execute(
      contextWith({ typeVersion: version, parameters: {}, inputs: [items(...seed)], perItem: perItemConditions(seed, build), ...extra }),
    );

  it('keeps matching items and lists the discarded ones as a second output', async () => {
    const result = await run((json) => ({
      options: options(),
      combinator: 'and',
      conditions: [cond(json.v, 'gte', 'number', 2), cond(json.name, 'notEmpty', 'string', '', { singleValue: true })],
    }));
    expect(jsonOf(result)).toEqual([[seed[2], seed[3]], [seed[0], seed[1]]]);
    expect(filterNode.outputs?.(contextWith({}).node)).toBe(1);
  });

  it('keeps nothing when nothing matches', async () => {
    const result = await run((json) => ({ options: options(), combinator: 'and', conditions: [cond(json.v, 'gt', 'number', 100)] }));
    expect(jsonOf(result)).toEqual([[], seed]);
  });

  it('v1 combines rows with AND / OR', async () => {
    const result = await filterNode.execute(
      contextWith({
        typeVersion: 1,
        inputs: [items(...seed)],
        perItem: seed.map((json) => ({ combineConditions: 'OR', conditions: { number: [{ value1: json.v, operation: 'equal', value2: 1 }], string: [{ value1: json.name, operation: 'equal', value2: 'd' }] } })),
      }),
    );
    expect(jsonOf(result)).toEqual([[seed[0], seed[3]], [seed[1], seed[2]]]);
  });
});
