import { NodeOperationError, WorkflowValidationError } from '../../../../src/errors';
import type { JsonObject } from '../../../../src/workflow/json';
import { setNode, usesShorthand } from '../../../../src/nodes/core/set/set.node';
import { items } from '../../../helpers/node-context';
import { contextWith, jsonOf, outputsOf } from './context';

const assign = (name: string, value: JsonObject[string], type: string): JsonObject => ({ id: name, name, value, type });
const manual = (assignments: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  mode: 'manual',
  assignments: { assignments },
  options: {},
  ...extra,
});

async function runSet(parameters: JsonObject, input = items({}), typeVersion = 3.4, extra = {}) {
  return setNode.execute(contextWith({ type: 'n8n-nodes-base.set', typeVersion, parameters, inputs: [input], ...extra }));
}

describe('Set v3.3+ assignments', () => {
  it('converts every assignment type as n8n does (conformance 01)', async () => {
    // Values as the engine hands them over once expressions are resolved.
    const result = await runSet(
      manual([
        assign('str', 'hello', 'string'),
        assign('num', 42, 'number'),
        assign('neg', '-3', 'number'),
        assign('flag', true, 'boolean'),
        assign('arr', '[1, 2, 3]', 'array'),
        assign('obj', '{"k": "v", "n": 10}', 'object'),
        assign('expr', 'ABC-3', 'string'),
        assign('tpl', 'Total: 15 items', 'string'),
      ]),
      items({ ignored: true }),
    );
    expect(jsonOf(result)).toEqual([
      [{ str: 'hello', num: 42, neg: -3, flag: true, arr: [1, 2, 3], obj: { k: 'v', n: 10 }, expr: 'ABC-3', tpl: 'Total: 15 items' }],
    ]);
    expect(outputsOf(result)[0]?.[0].pairedItem).toEqual({ item: 0 });
  });

  it('builds nested objects and arrays from dotted names (conformance 03)', async () => {
    const result = await runSet(
      manual([
        assign('user.name.first', 'Ada', 'string'),
        assign('user.name.last', 'Lovelace', 'string'),
        assign('user.age', 36, 'number'),
        assign('list[1]', 'second', 'string'),
      ]),
    );
    expect(jsonOf(result)).toEqual([[{ user: { name: { first: 'Ada', last: 'Lovelace' }, age: 36 }, list: [null, 'second'] }]]);
  });

  it('keeps dotted names flat with dotNotation off, beside the other fields (conformance 03)', async () => {
    const input = items({ user: { name: { first: 'Ada', last: 'Lovelace' }, age: 36 }, list: [null, 'second'] });
    const result = await runSet(
      manual([assign('user.name.first', 'Ada', 'string'), assign('plain', 'Lovelace', 'string')], {
        options: { dotNotation: false },
        includeOtherFields: true,
      }),
      input,
    );
    expect(jsonOf(result)).toEqual([
      [
        {
          user: { name: { first: 'Ada', last: 'Lovelace' }, age: 36 },
          list: [null, 'second'],
          'user.name.first': 'Ada',
          plain: 'Lovelace',
        },
      ],
    ]);
    expect(input[0].json).toEqual({ user: { name: { first: 'Ada', last: 'Lovelace' }, age: 36 }, list: [null, 'second'] });
  });

  it('reads numbers, booleans, arrays and objects from text', async () => {
    const result = await runSet(
      manual([
        assign('empty', '', 'number'),
        assign('yes', 'TRUE', 'boolean'),
        assign('zero', '0', 'boolean'),
        assign('quoted', "['a', 'b']", 'array'),
        assign('loose', "{a: 1, 'b': 'x'}", 'object'),
        assign('nested', { deep: [1] }, 'string'),
        assign('missing', null, 'number'),
      ]),
    );
    expect(jsonOf(result)).toEqual([
      [{ empty: 0, yes: true, zero: false, quoted: ['a', 'b'], loose: { a: 1, b: 'x' }, nested: '{"deep":[1]}', missing: null }],
    ]);
  });

  it("fails with n8n's type error naming the field and item", async () => {
    const failure = runSet(manual([assign('count', 'abc', 'number')]), items({}, {}), 3.4, {
      perItem: [{}, { assignments: { assignments: [assign('count', 'abc', 'number')] } }],
    });
    await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
    await expect(failure).rejects.toThrow("'count' expects a number but we got 'abc' [item 0]");
    await expect(failure).rejects.toMatchObject({
      itemIndex: 0,
      description:
        'To fix the error try to change the type for the field "count" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation',
    });
  });

  it('describes arrays and objects in type errors', async () => {
    await expect(runSet(manual([assign('flag', [1, 2], 'boolean')]))).rejects.toThrow("'flag' expects a boolean but we got array [item 0]");
    await expect(runSet(manual([assign('list', 'not a list', 'array')]))).rejects.toThrow(
      "'list' expects a array but we got 'not a list' [item 0]",
    );
  });

  it('keeps the raw value when conversion errors are ignored', async () => {
    const result = await runSet(manual([assign('count', 'abc', 'number')], { options: { ignoreConversionErrors: true } }));
    expect(jsonOf(result)).toEqual([[{ count: 'abc' }]]);
  });

  it('turns a failing item into an error item when continuing on fail', async () => {
    const ctx = contextWith({
      typeVersion: 3.4,
      parameters: manual([assign('count', 'x', 'number')]),
      inputs: [items({ a: 1 }, { a: 2 })],
      perItem: [{}, { assignments: { assignments: [assign('count', '7', 'number')] } }],
      continueOnFail: true,
    });
    const result = outputsOf(await setNode.execute(ctx));
    expect(result[0]).toEqual([
      { json: { error: "'count' expects a number but we got 'x' [item 0]" }, pairedItem: { item: 0 } },
      { json: { count: 7 }, pairedItem: { item: 1 } },
    ]);
  });

  it('includes selected or all-but-excluded input fields', async () => {
    const input = items({ a: 1, b: { c: 2, d: 3 }, e: 4 });
    const selected = await runSet(manual([assign('x', 1, 'number')], { includeOtherFields: true, include: 'selected', includeFields: 'a, b.c' }), input);
    expect(jsonOf(selected)).toEqual([[{ a: 1, c: 2, x: 1 }]]);
    const except = await runSet(manual([assign('x', 1, 'number')], { includeOtherFields: true, include: 'except', excludeFields: 'b.d,e' }), input);
    expect(jsonOf(except)).toEqual([[{ a: 1, b: { c: 2 }, x: 1 }]]);
    const ignoredWithoutOtherFields = await runSet(manual([assign('x', 1, 'number')], { include: 'selected', includeFields: 'a' }), input);
    expect(jsonOf(ignoredWithoutOtherFields)).toEqual([[{ x: 1 }]]);
  });

  it('keeps binary data on 3.4 unless stripped or no input fields are kept', async () => {
    const binary = { data: { data: 'aGk=', mimeType: 'text/plain' } };
    const input = [{ json: { a: 1 }, binary }];
    const kept = outputsOf(await runSet(manual([assign('x', 1, 'number')], { includeOtherFields: true }), input));
    expect(kept[0]?.[0].binary).toEqual(binary);
    const stripped = outputsOf(
      await runSet(manual([assign('x', 1, 'number')], { includeOtherFields: true, options: { stripBinary: true } }), input),
    );
    expect(stripped[0]?.[0].binary).toBeUndefined();
    const none = outputsOf(await runSet(manual([assign('x', 1, 'number')]), input));
    expect(none[0]?.[0].binary).toBeUndefined();
    const old = outputsOf(await runSet(manual([assign('x', 1, 'number')], { includeOtherFields: true }), input, 3.3));
    expect(old[0]?.[0].binary).toBeUndefined();
  });

  it('duplicates items in manual runs when asked to', async () => {
    const result = await runSet(manual([assign('x', 1, 'number')], { duplicateItem: true, duplicateCount: 2 }));
    expect(jsonOf(result)).toEqual([[{ x: 1 }, { x: 1 }, { x: 1 }]]);
  });
});

describe('Set raw (JSON) mode', () => {
  const seed = items({ id: 1, tags: ['x', 'y'] }, { id: 2, tags: [] });
  const expressions = {
    '={{ $json.id }}': (i: number) => [1, 2][i],
    '={{ $json.tags.length }}': (i: number) => [2, 0][i],
    '={{ $json.tags }}': (i: number) => [['x', 'y'], []][i],
  };

  it('evaluates each {{ }} into the JSON text, then parses it (conformance 05)', async () => {
    const parameters = {
      mode: 'raw',
      jsonOutput: '={\n  "ident": {{ $json.id }},\n  "tagCount": {{ $json.tags.length }},\n  "label": "item-{{ $json.id }}",\n  "nested": {"ok": true}\n}\n',
      options: {},
    };
    const result = await setNode.execute(contextWith({ typeVersion: 3.4, parameters, inputs: [seed] }, expressions));
    expect(jsonOf(result)).toEqual([
      [
        { ident: 1, tagCount: 2, label: 'item-1', nested: { ok: true } },
        { ident: 2, tagCount: 0, label: 'item-2', nested: { ok: true } },
      ],
    ]);
  });

  it('writes objects as JSON and keeps other fields when asked (conformance 05)', async () => {
    const parameters = { mode: 'raw', jsonOutput: '={ "copy": {{ $json.tags }}, "id2": {{ $json.id }} }', includeOtherFields: true };
    const result = await setNode.execute(contextWith({ typeVersion: 3.4, parameters, inputs: [seed] }, expressions));
    expect(jsonOf(result)).toEqual([
      [
        { id: 1, tags: ['x', 'y'], copy: ['x', 'y'], id2: 1 },
        { id: 2, tags: [], copy: [], id2: 2 },
      ],
    ]);
  });

  it('parses plain JSON text and repairs what n8n repairs', async () => {
    const result = await runSet({ mode: 'raw', jsonOutput: "{a: 'b', list: [1, 2,], // note\n}" });
    expect(jsonOf(result)).toEqual([[{ a: 'b', list: [1, 2] }]]);
  });

  it("fails with n8n's messages for invalid JSON and for JSON that is no object", async () => {
    await expect(runSet({ mode: 'raw', jsonOutput: '{ invalid }' })).rejects.toThrow("The 'JSON Output' in item 0 contains invalid JSON");
    await expect(runSet({ mode: 'raw', jsonOutput: '[1, 2]' })).rejects.toThrow(
      "The 'JSON Output' in item 0 does not contain a valid JSON object",
    );
  });

  it('uses n8n’s default JSON when jsonOutput was never set', async () => {
    expect(jsonOf(await runSet({ mode: 'raw' }))).toEqual([[{ my_field_1: 'value', my_field_2: 1 }]]);
  });
});

describe('Set v3.0-3.2 fields', () => {
  it('reads typed rows and resolves object expressions piece by piece', async () => {
    const parameters: JsonObject = {
      mode: 'manual',
      fields: {
        values: [
          { name: 'a', stringValue: 5 },
          { name: 'n', type: 'numberValue', numberValue: '12.5' },
          { name: 'b', type: 'booleanValue', booleanValue: 'false' },
          { name: 'o', type: 'objectValue', objectValue: '={"id": {{ $json.id }}}' },
        ],
      },
      include: 'none',
    };
    const ctx = contextWith({ typeVersion: 3.2, parameters, inputs: [items({ id: 9 })] }, { '={{ $json.id }}': () => 9 });
    expect(jsonOf(await setNode.execute(ctx))).toEqual([[{ a: '5', n: 12.5, b: false, o: { id: 9 } }]]);
  });

  it('keeps all input fields by default before 3.3', async () => {
    const parameters = { mode: 'manual', fields: { values: [{ name: 'x', stringValue: 'y' }] } };
    const result = await runSet(parameters, items({ keep: 1 }), 3.1);
    expect(jsonOf(result)).toEqual([[{ keep: 1, x: 'y' }]]);
  });

  it('names the field in an invalid object expression', async () => {
    const parameters = { mode: 'manual', fields: { values: [{ name: 'o', type: 'objectValue', objectValue: '={ {{ $json.id }} }' }] } };
    const ctx = contextWith({ typeVersion: 3, parameters }, { '={{ $json.id }}': () => 1 });
    await expect(setNode.execute(ctx)).rejects.toThrow(`The entry "o" inside 'Fields to Set' in item 0 contains invalid JSON`);
  });
});

describe('Set v1 and v2', () => {
  it('writes boolean, number and string rows over the input', async () => {
    const parameters = {
      values: { boolean: [{ name: 'ok', value: 1 }], number: [{ name: 'n', value: '7' }], string: [{ name: 'deep.s', value: 'x' }] },
    };
    expect(jsonOf(await runSet(parameters, items({ a: 1 }), 2))).toEqual([[{ a: 1, ok: true, n: 7, deep: { s: 'x' } }]]);
    expect(jsonOf(await runSet(parameters, items({ a: 1 }), 1))).toEqual([[{ a: 1, ok: true, n: '7', deep: { s: 'x' } }]]);
  });

  it('keeps only the set fields with keepOnlySet, flat with dotNotation off', async () => {
    const parameters = { keepOnlySet: true, values: { string: [{ name: 'a.b', value: 'x' }] }, options: { dotNotation: false } };
    expect(jsonOf(await runSet(parameters, items({ z: 1 }), 2))).toEqual([[{ 'a.b': 'x' }]]);
  });
});

describe('Set shorthand from the seed', () => {
  it('assigns the fields of a plain values object, without the input fields', async () => {
    const result = await runSet({ values: { test: 'value', success: true, count: 3 } }, items({ other: 1 }));
    expect(jsonOf(result)).toEqual([[{ test: 'value', success: true, count: 3 }]]);
  });

  it('leaves real Set parameters alone', () => {
    expect(usesShorthand({ mode: 'raw', values: { a: 1 } }, 3.4)).toBe(false);
    expect(usesShorthand({ values: { string: [{ name: 'a', value: 'b' }] } }, 2)).toBe(false);
    expect(usesShorthand({ values: { a: 'b' } }, 2)).toBe(true);
  });

  it('is recognised on old versions too', async () => {
    expect(jsonOf(await runSet({ values: { test: 'value' } }, items({}), 1))).toEqual([[{ test: 'value' }]]);
  });
});

describe('Set validation at load', () => {
  it('refuses an unknown mode', () => {
    const node = contextWith({ typeVersion: 3.4, parameters: { mode: 'magic' } }).node;
    expect(() => setNode.validate?.(node)).toThrow(
      new WorkflowValidationError('Node "Test Node" has an unknown Set mode "magic" (use "manual" or "raw")'),
    );
  });
});
