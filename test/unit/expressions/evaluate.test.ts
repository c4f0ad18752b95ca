import { createExpressionEngine } from '../../../src/expressions';
import type { ExpressionEngine } from '../../../src/expressions/types';
import { ExpressionError } from '../../../src/errors';
import { emptyRunData, executionScope, items, makeWorkflow, nodeScope, resolveEach, resolveOne } from './helpers';

let engine: ExpressionEngine;
beforeAll(() => {
  engine = createExpressionEngine({ timeoutMs: 2000, memoryMb: 64 });
});
afterAll(() => engine.dispose());

const ada = { name: 'ada', age: 36, csv: 'a,b,c', nums: [3, 1, 2], user: { address: { city: 'London' } }, 'weird key': 'w' };
const bob = { name: 'bob', age: 17, csv: 'x', nums: [], user: { address: { city: 'Paris' } }, 'weird key': 'v' };

describe('expressions of conformance workflow 07_expr_basics', () => {
  const parameters = {
    arith: '={{ $json.age * 2 + 1 }}',
    div: '={{ $json.age / 4 }}',
    greet: '=Hello {{ $json.name }}, you are {{ $json.age }}!',
    upper: '={{ $json.name.toUpperCase() }}',
    parts: "={{ $json.csv.split(',') }}",
    joined: "={{ $json.nums.map(n => n * 2).join('-') }}",
    sorted: '={{ [...$json.nums].sort((a, b) => a - b) }}',
    count: '={{ $json.nums.length }}',
    city: '={{ $json.user.address.city }}',
    weird: "={{ $json['weird key'] }}",
    adult: "={{ $json.age >= 18 ? 'yes' : 'no' }}",
    objInTpl: '=addr={{ $json.user.address }}',
    arrInTpl: '=nums={{ $json.nums }}',
    maxv: '={{ Math.max(...$json.nums, 0) }}',
    has: "={{ $json.csv.includes('b') }}",
    missing: '={{ $json.nope }}',
    jsonStr: '={{ JSON.stringify({ n: $json.name }) }}',
  };

  it('gives n8n\'s values for every item (an undefined result leaves the key out)', () => {
    expect(resolveEach(engine, parameters, items(ada, bob))).toEqual([
      {
        arith: 73, div: 9, greet: 'Hello ada, you are 36!', upper: 'ADA', parts: ['a', 'b', 'c'], joined: '6-2-4',
        sorted: [1, 2, 3], count: 3, city: 'London', weird: 'w', adult: 'yes', objInTpl: 'addr=[object Object]',
        arrInTpl: 'nums=3,1,2', maxv: 3, has: true, jsonStr: '{"n":"ada"}',
      },
      {
        arith: 35, div: 4.25, greet: 'Hello bob, you are 17!', upper: 'BOB', parts: ['x'], joined: '', sorted: [],
        count: 0, city: 'Paris', weird: 'v', adult: 'no', objInTpl: 'addr=[object Object]', arrInTpl: 'nums=',
        maxv: 0, has: false, jsonStr: '{"n":"bob"}',
      },
    ]);
  });
});

describe('expression forms', () => {
  it('returns the raw typed value for a lone {{ }} and a string otherwise (01_set_v34_basic)', () => {
    expect(
      resolveEach(engine, {
        neg: '=-{{ 1.5 * 2 }}',
        arr: '=[1, 2, {{ 1 + 2 }}]',
        obj: '={"k": "v", "n": {{ 2 * 5 }}}',
        expr: "={{ 'abc'.toUpperCase() + '-' + (7 % 4) }}",
        tpl: '=Total: {{ 10 + 5 }} items',
        raw: '={{ { a: [1, null, true] } }}',
        spaced: '= {{ 1 + 1 }}',
        trailing: '={{ 1 + 1 }} ',
      }, items({})),
    ).toEqual([
      { neg: '-3', arr: '[1, 2, 3]', obj: '{"k": "v", "n": 10}', expr: 'ABC-3', tpl: 'Total: 15 items', raw: { a: [1, null, true] }, spaced: ' 2', trailing: '2 ' },
    ]);
  });

  it('keeps NaN and ±Infinity as numbers, so a string field reads "NaN" as in n8n (differential d202)', () => {
    const [resolved] = resolveEach(engine, { nan: '={{ 0 / 0 }}', inf: '={{ 1 / 0 }}', neg: '={{ [].max() }}', tpl: '=x{{ 0 / 0 }}' }, items({}));
    expect(resolved.nan).toBeNaN();
    expect(resolved.inf).toBe(Infinity);
    expect(resolved.neg).toBe(-Infinity);
    expect(resolved.tpl).toBe('x');
  });

  it('treats "=" without braces as plain text and leaves other values untouched, recursively', () => {
    expect(
      resolveEach(engine, {
        text: '=just text',
        empty: '=',
        plain: 'no = expression {{ here }}',
        number: 4,
        nested: { list: ['={{ $json.a }}', 'x', { deep: '=v{{ $json.a + 1 }}' }], flag: false },
      }, items({ a: 1 })),
    ).toEqual([
      { text: 'just text', empty: '', plain: 'no = expression {{ here }}', number: 4, nested: { list: [1, 'x', { deep: 'v2' }], flag: false } },
    ]);
  });

  it('renders null, undefined, NaN and empty values as empty text inside templates', () => {
    expect(resolveOne(engine, '=[{{ null }}|{{ undefined }}|{{ 0 }}|{{ false }}|{{ NaN }}|{{ "" }}|{{ [1, [2]] }}]')).toBe('[||0|false|||1,2]');
  });

  it('turns a Luxon DateTime into its ISO text', () => {
    expect(resolveOne(engine, "={{ DateTime.fromISO('2024-03-05T10:20:30.000Z', { zone: 'utc' }) }}")).toBe('2024-03-05T10:20:30.000Z');
    expect(resolveOne(engine, "=at {{ DateTime.fromISO('2024-03-05T10:20:30.000Z', { zone: 'utc' }) }}")).toBe('at 2024-03-05T10:20:30.000Z');
  });

  it('swallows plain errors inside an expression as n8n does: the value is undefined, or empty in text', () => {
    expect(resolveEach(engine, { a: '={{ $json.contact.FirstName }}', b: '=x{{ $json.contact.FirstName }}y', c: '={{ asdas }}' }, items({ contact: null })))
      .toEqual([{ b: 'xy' }]);
  });

  it('keeps the values n8n\'s own expression fixtures expect', () => {
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      ['={{$json["test"].json["message"]["message_id"]}}', { test: { json: { message: { message_id: 'value' } } } }, 'value'],
      ['={{$json[$json["Set2"].json["apiKey"]]}}', { Set2: { json: { apiKey: 'testKey' } }, testKey: 'testValue' }, 'testValue'],
      ['={{ $json["phone"] ?? 0}}', { phone: null }, 0],
      ['={{ $json.toString() }}', { test: 1 }, '[object Object]'],
      ['={{Math.floor(Math.min(1, 2) * 100);}}', {}, 100],
      ['={{ $json["body"]["project"]["name"].match(/\\[(\\d+)]/)[1] }}', { body: { project: { name: 'test[1234]' } } }, '1234'],
      ['={{ (parseFloat($json["Bid"].replace(\',\', \'.\')) * parseFloat($json["Baserow"].json["Count"])).toFixed(2) }}', { Bid: '3,80', Baserow: { json: { Count: '10' } } }, '38.00'],
      ['={{ `test\nvalue` }}', {}, 'test\nvalue'],
      ['={{ { "data": $json.body.choices } }}', { body: { choices: 'testValue' } }, { data: 'testValue' }],
      ['={{ $json["data"]["errors"] && $json["data"]["errors"].length > 0 }}', { data: {} }, undefined],
      ['={{ !$json?.data?.data?.issues?.pageInfo?.hasNextPage }}', { data: { data: { issues: { pageInfo: { hasNextPage: true } } } } }, false],
      ['=TRUE', {}, 'TRUE'],
      ['={{ $json.a /* comment */ }}', { a: 5 }, 5],
      ['={{ $json.a // comment }}', { a: 6 }, 6],
    ];
    for (const [expression, json, expected] of cases) {
      expect({ expression, value: resolveOne(engine, expression, json as never) }).toEqual({ expression, value: expected });
    }
  });
});

describe('failures', () => {
  it('marks syntax errors, n8n expression errors and function results without failing the other parameters', () => {
    const [resolved] = resolveEach(engine, {
      ok: '={{ 1 }}',
      syntax: '={{ 1 + }}',
      missingNode: "={{ $('Nope').item.json.x }}",
      fn: '={{ $json.a.toString }}',
      dateTime: '={{ DateTime }}',
    }, items({ a: 1 }));
    expect(resolved).toEqual({
      ok: 1,
      syntax: { __expressionError: true, message: 'invalid syntax', expression: '={{ 1 + }}' },
      missingNode: { __expressionError: true, message: "Referenced node doesn't exist", expression: "={{ $('Nope').item.json.x }}" },
      // n8n 2.40.7's isolated-vm evaluator (differential e205).
      fn: { __expressionError: true, message: 'Expression evaluation failed: function toString() { [native code] } could not be cloned.', expression: '={{ $json.a.toString }}' },
      dateTime: { __expressionError: true, message: 'this is a DateTime, please access its methods', expression: '={{ DateTime }}' },
    });
  });

  it('evaluate() throws an ExpressionError naming the node and the expression', () => {
    const workflow = makeWorkflow([{ name: 'Calc' }]);
    const session = engine.openSession(executionScope(workflow, emptyRunData()));
    try {
      const scope = nodeScope(workflow, 'Calc', items({ v: 2 }));
      expect(session.evaluate(scope, '={{ $json.v * 10 }}', 0)).toBe(20);
      expect(session.evaluate(scope, { nested: ['={{ $json.v }}'] }, 0)).toEqual({ nested: [2] });
      let caught: unknown;
      try {
        session.evaluate(scope, "={{ $('Ghost').first() }}", 0);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ExpressionError);
      expect(caught).toMatchObject({
        message: "Referenced node doesn't exist",
        nodeName: 'Calc',
        parameter: 'expression',
        itemIndex: 0,
      });
    } finally {
      session.close();
    }
  });
});

describe('$jmespath', () => {
  it('searches JSON with a JMESPath query, as n8n does', () => {
    const people = { people: [{ name: 'Ada', age: 36 }, { name: 'Bob', age: 17 }, { name: 'Cy', age: 52 }] };
    expect(
      resolveEach(engine, {
        names: '={{ $jmespath($json, "people[*].name") }}',
        adults: '={{ $jmespath($json.people, "[?age > `18`].name") }}',
        first: '={{ $jmespath($json, "people[0]") }}',
        none: '={{ $jmespath($json, "nobody") }}',
      }, items(people)),
    ).toEqual([{ names: ['Ada', 'Bob', 'Cy'], adults: ['Ada', 'Cy'], first: { name: 'Ada', age: 36 }, none: null }]);
  });

  it('marks a query that is not a string', () => {
    const [resolved] = resolveEach(engine, { bad: '={{ $jmespath($json, 3) }}' }, items({ a: 1 }));
    expect(resolved).toEqual({
      bad: { __expressionError: true, message: '$jmespath needs a query string as its second argument', expression: '={{ $jmespath($json, 3) }}' },
    });
  });
});
