import { createExpressionEngine } from '../../../src/expressions';
import { EXTENSION_NAMES } from '../../../src/expressions/extension-names';
import { SandboxRuntime } from '../../../src/expressions/sandbox-runtime';
import type { ExpressionEngine } from '../../../src/expressions/types';
import type { JsonObject } from '../../../src/workflow/json';
import { items, resolveEach } from './helpers';

let engine: ExpressionEngine;
beforeAll(() => {
  engine = createExpressionEngine({ timeoutMs: 2000, memoryMb: 64 });
});
afterAll(() => engine.dispose());

/** Evaluates each `={{ expression }}` once (as one node run) against `json`. */
function evaluateAll(expressions: string[], json: JsonObject = {}): Record<string, unknown> {
  const parameters: JsonObject = {};
  expressions.forEach((expression, i) => {
    parameters[`p${i}`] = `={{ ${expression} }}`;
  });
  const [resolved] = resolveEach(engine, parameters, items(json));
  const out: Record<string, unknown> = {};
  expressions.forEach((expression, i) => {
    out[expression] = resolved[`p${i}`];
  });
  return out;
}

function expectValues(cases: Array<[string, unknown]>, json: JsonObject = {}): void {
  const actual = evaluateAll(cases.map(([expression]) => expression), json);
  expect(actual).toEqual(Object.fromEntries(cases));
}

const failure = (message: string, expression: string, description?: string) => ({
  __expressionError: true,
  message,
  expression: `={{ ${expression} }}`,
  ...(description === undefined ? {} : { description }),
});

describe('string functions', () => {
  it('hash with md5 by default and the named digests, as n8n (differential d201)', () => {
    expectValues([
      ["'hello'.hash()", '5d41402abc4b2a76b9719d911017c592'],
      ["'hello'.hash('md5')", '5d41402abc4b2a76b9719d911017c592'],
      ["'hello'.hash('SHA256')", '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
      ["'hello'.hash('sha1')", 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
      ["'hello'.hash('base64')", 'aGVsbG8='],
    ]);
  });

  it('match n8n\'s documented results', () => {
    expectValues([
      ["'hello world'.toTitleCase()", 'Hello World'],
      ["'a tale of two cities'.toTitleCase()", 'A Tale of Two Cities'],
      ["'hello. how ARE you?'.toSentenceCase()", 'Hello. How are you?'],
      ["'Hello World-foo'.toSnakeCase()", 'hello_world_foo'],
      ["'Contact me at ada@example.com now'.extractEmail()", 'ada@example.com'],
      ["'ada@example.com'.extractDomain()", 'example.com'],
      ["'https://www.example.com/path?q=1'.extractDomain()", 'www.example.com'],
      ["'see https://n8n.io/docs now'.extractUrl()", 'https://n8n.io/docs'],
      ["'https://n8n.io/docs/x?y=1'.extractUrlPath()", '/docs/x'],
      ["'123'.toNumber()", 123],
      ["'\u20ac12.5'.toNumber()", 12.5],
      ["'1.23E10'.toNumber()", 12300000000],
      ["'true'.toBoolean()", true],
      ["'no'.toBoolean()", false],
      ["'a b&c'.urlEncode()", 'a%20b%26c'],
      ["'a%20b%26c'.urlDecode()", 'a b&c'],
      ["'<p>Hi <b>x</b></p>'.removeTags()", 'Hi x'],
      ["'\u00c8ve \u00c5ngstr\u00f6m \u00df'.replaceSpecialChars()", 'Eve Angstrom ss'],
      ["'42'.toInt()", 42],
      ["'4.5'.toFloat()", 4.5],
      ["'a@b.co'.isEmail()", true],
      ["'no mail'.isEmail()", false],
      ["'12.5'.isNumeric()", true],
      ["'12 5'.isNumeric()", false],
      ["'https://x.io/a'.isUrl()", true],
      ["'x.io'.isDomain()", true],
      ["'He said \"hi\"'.quote()", '"He said \\"hi\\""'],
      ["'h\u00e9llo\u2713'.base64Encode()", 'aMOpbGxv4pyT'],
      ["'aMOpbGxv4pyT'.base64Decode()", 'h\u00e9llo\u2713'],
      ["''.isEmpty()", true],
      ["'x'.isNotEmpty()", true],
      ["'  '.isBlank()", true],
      ["'{\"a\":1}'.parseJson()", { a: 1 }],
      ["'abc'.length()", 3],
      ["'2024-03-05'.toDateTime().toISODate()", '2024-03-05'],
      ["'05/03/2024'.toDateTime('dd/MM/yyyy').month", 3],
      ["'x'.toJsonString()", '"x"'],
    ]);
  });

  it('fail with n8n\'s messages', () => {
    const cases = ["'abc'.toNumber()", "'4,5'.toFloat()", "\"{'a':1}\".parseJson()", "'x'.toInt()", "'nope'.toDateTime()"];
    expect(evaluateAll(cases)).toEqual({
      [cases[0]]: failure('cannot convert to number', cases[0]),
      [cases[1]]: failure('cannot convert to float, expected . as decimal separator', cases[1]),
      [cases[2]]: failure("Parsing failed. Check you're using double quotes", cases[2]),
      [cases[3]]: failure('cannot convert to integer', cases[3]),
      [cases[4]]: failure('cannot convert to Luxon DateTime', cases[4]),
    });
  });
});

describe('number and boolean functions', () => {
  it('match n8n\'s documented results', () => {
    expectValues([
      ['(1.256).round(2)', 1.26],
      ['(1.256).round()', 1],
      ['(1.5).floor()', 1],
      ['(1.2).ceil()', 2],
      ['(-1.7).abs()', 1.7],
      ['(4).isEven()', true],
      ['(3).isOdd()', true],
      ['(4.12).isInteger()', false],
      ["(123456.789).format('de-DE')", '123.456,789'],
      ['(0).toBoolean()', false],
      ["(1708695471).toDateTime('s').toUTC().toISO()", '2024-02-23T13:37:51.000Z'],
      ['(1.6).toInt()', 2],
      ['true.toInt()', 1],
      ['false.toNumber()', 0],
      ['$json.n.round(1)', 2.5],
    ], { n: 2.46 });
  });

  it('refuse odd/even on fractions', () => {
    expect(evaluateAll(['(1.5).isEven()'])).toEqual({ '(1.5).isEven()': failure('isEven() is only callable on integers', '(1.5).isEven()') });
  });
});

describe('array functions', () => {
  it('match n8n\'s documented results', () => {
    expectValues([
      ['[1, 2, 3].sum()', 6],
      ['[].average()', 0],
      ['[12, 1, 5].average()', 6],
      ['[3, 1, 2].min()', 1],
      ['[3, 1, 2].max()', 3],
      ["[{ name: 'a', x: 1 }, { name: 'b' }, 5].pluck('name')", ['a', 'b']],
      ['[1, 1, 2].unique()', [1, 2]],
      ["[{ a: 1, b: 2 }, { a: 1, b: 3 }].unique('a')", [{ a: 1, b: 2 }]],
      ["[2, null, 1, ''].compact()", [2, 1]],
      ['[1, 2, 3, 4, 5].chunk(2)', [[1, 2], [3, 4], [5]]],
      ['[1, 2, 3].difference([2, 3])', [1]],
      ['[1, 2].intersection([2, 3])', [2]],
      ['[1, 2].union([2, 3])', [1, 2, 3]],
      ['[1, 2].first()', 1],
      ['[1, 2].last()', 2],
      ["[{ name: 'bob' }, 3].renameKeys('name', 'x')", [{ x: 'bob' }, 3]],
      ["[{ k: 'a', v: 1 }, { k: 'b', v: 2 }].smartJoin('k', 'v')", { a: 1, b: 2 }],
      ["['forget', 'me'].append('not')", ['forget', 'me', 'not']],
      ["[{ name: 'N' }, { age: 42 }].merge([{ city: 'B' }, { country: 'G' }])", { name: 'N', city: 'B', age: 42, country: 'G' }],
      ['[1].isEmpty()', false],
      ['[].isNotEmpty()', false],
      ['[1, 2].toJsonString()', '[1,2]'],
      ['[1, 2].includes(2)', true],
      ['$json.list.removeDuplicates()', ['x', 'y']],
    ], { list: ['x', 'y', 'x'] });
  });

  it('refuse non-numbers in sums', () => {
    expect(evaluateAll(["[1, 'a'].sum()"])).toEqual({ "[1, 'a'].sum()": failure('sum(): all array elements must be numbers', "[1, 'a'].sum()") });
  });
});

describe('object functions', () => {
  it('match n8n\'s documented results', () => {
    expectValues([
      ['({}).isEmpty()', true],
      ['$json.keys()', ['name', 'city', 'age']],
      ['$json.values()', ['Mr Nathan', 'hanoi', 42]],
      ["$json.hasField('name')", true],
      ["$json.removeField('name')", { city: 'hanoi', age: 42 }],
      ["({ x: null, y: 2, z: '', w: {} }).compact()", { y: 2 }],
      ['({ name: "Mr Nathan", city: "hanoi" }).urlEncode()', 'name=Mr+Nathan&city=hanoi'],
      ["$json.removeFieldsContaining('han')", { age: 42 }],
      ["$json.removeFieldsContaining('Han')", { name: 'Mr Nathan', city: 'hanoi', age: 42 }],
      ["$json.keepFieldsContaining('han')", { name: 'Mr Nathan', city: 'hanoi' }],
      ['({ a: 1 }).toJsonString()', '{"a":1}'],
      ["({ toString: 1, constructor: 2 }).removeField('x')", { toString: 1, constructor: 2 }],
      ['Object.keys($json).length', 3],
      ['Math.max(1, 5)', 5],
    ], { name: 'Mr Nathan', city: 'hanoi', age: 42 });
  });
});

describe('date functions', () => {
  const dt = "DateTime.fromISO('2024-03-30T18:49:00', { zone: 'utc' })";
  it('match n8n\'s documented results', () => {
    expectValues([
      [`${dt}.plus(7, 'days').toISO()`, '2024-04-06T18:49:00.000Z'],
      [`${dt}.minus(4, 'years').toISO()`, '2020-03-30T18:49:00.000Z'],
      [`${dt}.plus({ hours: 1 }).hour`, 19],
      [`${dt}.format('dd/LL/yyyy')`, '30/03/2024'],
      [`${dt}.extract('month')`, 3],
      [`${dt}.beginningOf('month').toISO()`, '2024-03-01T00:00:00.000Z'],
      [`${dt}.endOfMonth().day`, 31],
      [`${dt}.isWeekend()`, true],
      [`${dt}.isBetween('2020-06-01', '2025-06-01')`, true],
      [`${dt}.diffTo('2024-03-29T18:49:00Z', 'days')`, 1],
      [`${dt}.toInt()`, 1711824540000],
      [`${dt}.isEmpty()`, false],
      ["'2024-03-30T18:49:00.000Z'.format('yyyy')", '2024'],
      ["new Date('2024-03-30T00:00:00Z').plus(1, 'day').toISOString()", '2024-03-31T00:00:00.000Z'],
      ["new Date('2024-03-30T00:00:00Z').toDateTime().toISO()", '2024-03-30T00:00:00.000Z'],
    ]);
  });
});

describe('null receivers and wrong types (n8n extend semantics)', () => {
  it('treats isEmpty on null as true and reports other functions with n8n\'s messages', () => {
    const cases = [
      '$json.missing.isEmpty()',
      '$json.missing.isNotEmpty()',
      '$json.missing?.toTitleCase()',
      '$json.missing.toTitleCase()',
      '(5).pluck()',
      '(5).compact()',
      '(true).isEmpty()',
    ];
    expect(evaluateAll(cases)).toEqual({
      [cases[0]]: true,
      [cases[1]]: false,
      [cases[3]]: failure("toTitleCase can't be used on undefined value", cases[3], 'To ignore this error, add a ? to the variable before this function, e.g. my_var?.toTitleCase'),
      [cases[4]]: failure('pluck() is only callable on type "Array"', cases[4]),
      [cases[5]]: failure('compact() is only callable on types "Array", and "Object"', cases[5]),
      [cases[6]]: false,
    });
  });
});

describe('convenience functions', () => {
  it('match n8n\'s', () => {
    expectValues([
      ["$ifEmpty('', 'd')", 'd'],
      ['$ifEmpty([], 1)', 1],
      ['$ifEmpty({ a: 1 }, 2)', { a: 1 }],
      ['$min(3, 1)', 1],
      ['$max(3, 1)', 3],
      ['$average(1, 2, 3)', 2],
      ['$not(0)', true],
      ["$if($json.a, $json.a.b, 'n')", 'n'],
      ['$if(true, 1, 2)', 1],
      ['numberList(1, 3)', [1, 2, 3]],
      ["zip(['a'], [1])", { a: 1 }],
    ]);
  });
});

it('the host rewrites exactly the function names the sandbox implements', () => {
  const runtime = new SandboxRuntime({ timeoutMs: 2000, memoryMb: 64 });
  try {
    const names = runtime.extensionNames();
    expect(new Set(names)).toEqual(EXTENSION_NAMES);
  } finally {
    runtime.dispose();
  }
});
