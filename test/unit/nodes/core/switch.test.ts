import type { JsonObject } from '../../../../src/workflow/json';
import { switchNode } from '../../../../src/nodes/core/switch/switch.node';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from './context';

type Json = JsonObject;
const colours: Json[] = [{ c: 'red' }, { c: 'green' }, { c: 'blue' }, { c: 'pink' }, { c: 'red' }];
const equalsRule = (left: Json[string], right: string, outputKey: string): Json => ({
  conditions: {
    options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
    conditions: [{ leftValue: left, rightValue: right, operator: { type: 'string', operation: 'equals' } }],
    combinator: 'and',
  },
  renameOutput: true,
  outputKey,
});
const rulesFor = (json: Json): Json => ({
  values: [equalsRule(json.c, 'red', 'Red'), equalsRule(json.c, 'green', 'Green'), equalsRule(json.c, 'blue', 'Blue')],
});

function runRules(options: Json, seed = colours, version = 3.2, rules = rulesFor) {
  const parameters = { rules: rules(seed[0]), options };
  const perItem = seed.map((json) => ({ rules: rules(json), options }));
  return switchNode.execute(contextWith({ typeVersion: version, parameters, inputs: [items(...seed)], perItem }));
}

describe('Switch v3 rules', () => {
  it('routes to the first matching rule and the extra fallback output (conformance 17)', async () => {
    const result = await runRules({ fallbackOutput: 'extra', renameFallbackOutput: 'Other' });
    expect(jsonOf(result)).toEqual([[{ c: 'red' }, { c: 'red' }], [{ c: 'green' }], [{ c: 'blue' }], [{ c: 'pink' }]]);
    expect(outputsOf(result)[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 4 }]);
  });

  it('counts its outputs from the rules and the extra fallback', () => {
    const node = contextWith({ typeVersion: 3.2, parameters: { rules: rulesFor(colours[0]), options: { fallbackOutput: 'extra' } } }).node;
    expect(switchNode.outputs?.(node)).toBe(4);
    expect(switchNode.outputs?.({ ...node, parameters: { mode: 'expression', numberOutputs: 6 } })).toBe(6);
    expect(switchNode.outputs?.({ ...node, parameters: {} })).toBe(1);
  });

  it('drops unmatched items without fallback, or sends them to a given output', async () => {
    expect(jsonOf(await runRules({}))).toEqual([[{ c: 'red' }, { c: 'red' }], [{ c: 'green' }], [{ c: 'blue' }]]);
    expect(jsonOf(await runRules({ fallbackOutput: 1 }))).toEqual([[{ c: 'red' }, { c: 'red' }], [{ c: 'green' }, { c: 'pink' }], [{ c: 'blue' }]]);
  });

  it('sends an item to every matching output with allMatchingOutputs', async () => {
    const rules = (json: Json): Json => ({
      values: [equalsRule(json.c, 'red', 'a'), { ...equalsRule(json.c, 'red', 'b') }, equalsRule(json.c, 'blue', 'c')],
    });
    const result = await runRules({ allMatchingOutputs: true }, [{ c: 'red' }, { c: 'blue' }], 3.2, rules);
    expect(jsonOf(result)).toEqual([[{ c: 'red' }], [{ c: 'red' }], [{ c: 'blue' }]]);
  });

  it('routes everything to output 0 with n8n’s default rule when none is configured', async () => {
    const result = await switchNode.execute(contextWith({ typeVersion: 3, parameters: {}, inputs: [items({ a: 1 }, { a: 2 })] }));
    expect(jsonOf(result)).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it('names the rule condition in type errors', async () => {
    const rules = (json: Json): Json => ({
      values: [
        {
          conditions: {
            options: { caseSensitive: true, typeValidation: 'strict', version: 2 },
            conditions: [{ leftValue: json.c, rightValue: 3, operator: { type: 'number', operation: 'gt' } }],
            combinator: 'and',
          },
        },
      ],
    });
    await expect(runRules({}, colours, 3.2, rules)).rejects.toThrow("Wrong type: 'red' is a string but was expecting a number [condition 0, item 0]");
  });
});

describe('Switch v3 expression mode', () => {
  const run = (outputs: number[], numberOutputs = 3, extra = {}) =>
    switchNode.execute(
      contextWith({
        typeVersion: 3.2,
        parameters: { mode: 'expression', numberOutputs, output: 0 },
        inputs: [items(...outputs.map((n) => ({ n })))],
        perItem: outputs.map((output) => ({ output })),
        ...extra,
      }),
    );

  it('routes each item to the output the expression gives', async () => {
    expect(jsonOf(await run([2, 0, 2]))).toEqual([[{ n: 0 }], [], [{ n: 2 }, { n: 2 }]]);
  });

  it("refuses an index past the outputs with n8n's message", async () => {
    await expect(run([3])).rejects.toThrow('The ouput 3 is not allowed. ');
    await expect(run([3])).rejects.toMatchObject({ description: 'Output indexes are zero based, if you want to use the extra output use 2' });
    await expect(run([-1])).rejects.toThrow('The ouput -1 is not allowed');
  });

  it('puts the error on output 0 when continuing on fail', async () => {
    const result = await run([1, 7], 2, { continueOnFail: true });
    expect(jsonOf(result)).toEqual([[{ error: 'The ouput 7 is not allowed' }], [{ n: 1 }]]);
  });
});

describe('Switch v1 and v2', () => {
  const seed: Json[] = [{ n: 1 }, { n: 5 }, { n: 9 }];
  const rules = { rules: [{ operation: 'smaller', value2: 3, output: 2 }, { operation: 'larger', value2: 6, output: 0 }] };

  it('v1 sends matches to the output a rule names, others to the fallback', async () => {
    const ctx = contextWith({
      typeVersion: 1,
      parameters: { dataType: 'number', rules, fallbackOutput: 3 },
      inputs: [items(...seed)],
      perItem: seed.map((json) => ({ value1: json.n })),
    });
    expect(jsonOf(await switchNode.execute(ctx))).toEqual([[{ n: 9 }], [], [{ n: 1 }], [{ n: 5 }]]);
  });

  it('v2 has one output per rule', async () => {
    const v2Rules = { rules: [{ operation: 'smaller', value2: 3 }, { operation: 'larger', value2: 6 }] };
    const ctx = contextWith({
      typeVersion: 2,
      parameters: { dataType: 'number', rules: v2Rules },
      inputs: [items(...seed)],
      perItem: seed.map((json) => ({ value1: json.n })),
    });
    expect(jsonOf(await switchNode.execute(ctx))).toEqual([[{ n: 1 }], [{ n: 9 }]]);
    expect(switchNode.outputs?.(ctx.node)).toBe(2);
  });

  it("refuses a fallback output that does not exist with n8n's message", async () => {
    const v2Rules = { rules: [{ operation: 'smaller', value2: 3 }, { operation: 'larger', value2: 6 }] };
    const ctx = contextWith({ typeVersion: 2, parameters: { rules: v2Rules, fallbackOutput: 5 }, inputs: [items({ n: 5 })], perItem: [{ value1: 5 }] });
    await expect(switchNode.execute(ctx)).rejects.toThrow('The ouput 5 is not allowed. It has to be between 0 and 1!');
  });
});
