import { evaluateCondition, evaluateFilter } from '../../../../src/nodes/core/conditions/evaluate';
import { readFilterValue, type FilterOptions } from '../../../../src/nodes/core/conditions/types';
import { compareLegacy } from '../../../../src/nodes/core/conditions/legacy';

const strict: FilterOptions = { caseSensitive: true, typeValidation: 'strict', version: 2 };
const loose: FilterOptions = { ...strict, typeValidation: 'loose' };
const at = { conditionIndex: 0, itemIndex: 0 };

function check(type: string, operation: string, leftValue: unknown, rightValue: unknown = '', options = strict, extra = {}) {
  return evaluateCondition({ leftValue, rightValue, operator: { type, operation, ...extra } }, options, at);
}

describe('filter conditions: strings', () => {
  it('compares with and without case', () => {
    expect(check('string', 'equals', 'Abc', 'abc')).toBe(false);
    expect(check('string', 'equals', 'Abc', 'abc', { ...strict, caseSensitive: false })).toBe(true);
    expect(check('string', 'notContains', 'hello', 'ell')).toBe(false);
    expect(check('string', 'endsWith', 'hello', 'llo')).toBe(true);
    expect(check('string', 'notStartsWith', 'hello', 'he')).toBe(false);
    expect(check('string', 'empty', null, '', strict, { singleValue: true })).toBe(true);
  });

  it('reads /pattern/flags and keeps the pattern case when ignoring case', () => {
    expect(check('string', 'regex', 'ABC', '/b/i')).toBe(true);
    expect(check('string', 'notRegex', 'abc', '^b')).toBe(true);
    // The input is lower-cased, the pattern is not: n8n's behaviour.
    expect(check('string', 'regex', 'ALFRED', '^[A-Z]', { ...strict, caseSensitive: false })).toBe(false);
  });

  it('converts other types to text only when loose', () => {
    expect(check('string', 'equals', 5, '5', loose)).toBe(true);
    expect(() => check('string', 'equals', 5, '5')).toThrow("Wrong type: '5' is a number but was expecting a string [condition 0, item 0]");
  });
});

describe('filter conditions: numbers, dates, booleans', () => {
  it('compares numbers and converts text when loose', () => {
    expect(check('number', 'gte', 3, 3)).toBe(true);
    expect(check('number', 'lte', 4, 3)).toBe(false);
    expect(check('number', 'notEquals', '7', 7, loose)).toBe(false);
    expect(check('number', 'empty', null, '', strict, { singleValue: true })).toBe(true);
    expect(check('number', 'notEmpty', Number.NaN, '', strict, { singleValue: true })).toBe(false);
  });

  it("uses n8n's messages for values that do not convert", () => {
    expect(() => check('number', 'lt', 'abc', 18, loose)).toThrow(
      "Conversion error: the string 'abc' can't be converted to a number [condition 0, item 0]",
    );
    expect(() => check('number', 'lt', 'a', 'b')).toThrow('Comparison type expects a number but both fields are a string');
    expect(() => check('number', 'lt', 1, 'b')).toThrow("Wrong type: 'b' is a string but was expecting a number [condition 0, item 0]");
  });

  it('treats an empty string as 0 before filter version 3 and as no value from 3', () => {
    expect(check('number', 'equals', '', 0, loose)).toBe(true);
    expect(check('number', 'exists', '', '', { ...loose, version: 3 }, { singleValue: true })).toBe(false);
  });

  it('compares instants across offsets', () => {
    expect(check('dateTime', 'equals', '2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00Z')).toBe(true);
    expect(check('dateTime', 'after', '2024-05-02', '2024-05-01')).toBe(true);
    expect(check('dateTime', 'beforeOrEquals', 'Wed, 01 May 2024 10:00:00 GMT', '2024-05-01T10:00:00Z')).toBe(true);
    expect(check('dateTime', 'before', null, '2024-05-01')).toBe(false);
  });

  it('reads booleans strictly, or loosely by filter version', () => {
    expect(check('boolean', 'true', true, '', strict, { singleValue: true })).toBe(true);
    expect(() => check('boolean', 'true', 'false', '', strict, { singleValue: true })).toThrow(
      "Wrong type: 'false' is a string but was expecting a boolean [condition 0, item 0]",
    );
    expect(check('boolean', 'true', 'false', '', loose, { singleValue: true })).toBe(false);
    // Version 1 converts with Boolean(): any non-empty text is true.
    expect(check('boolean', 'true', 'false', '', { ...loose, version: 1 }, { singleValue: true })).toBe(true);
    expect(check('boolean', 'equals', false, false)).toBe(true);
  });
});

describe('filter conditions: arrays and objects', () => {
  it('checks membership and length', () => {
    expect(check('array', 'contains', ['A', 'b'], 'a', { ...strict, caseSensitive: false }, { rightType: 'any' })).toBe(true);
    expect(check('array', 'notContains', [1, 2], 3, strict, { rightType: 'any' })).toBe(true);
    expect(check('array', 'lengthEquals', [1, 2], 2, strict, { rightType: 'number' })).toBe(true);
    expect(check('array', 'empty', [], '', strict, { singleValue: true })).toBe(true);
    expect(() => check('array', 'notEmpty', 'x', '', strict, { singleValue: true })).toThrow(
      "Wrong type: 'x' is a string but was expecting an array [condition 0, item 0]",
    );
    expect(check('array', 'lengthGt', '[1,2,3]', 2, loose, { rightType: 'number' })).toBe(true);
  });

  it('checks objects for keys', () => {
    expect(check('object', 'empty', {}, '', strict, { singleValue: true })).toBe(true);
    expect(check('object', 'notEmpty', { a: 1 }, '', strict, { singleValue: true })).toBe(true);
  });

  it('fails conditions with an operator it does not know', () => {
    expect(check('string', 'sounds-like', 'a', 'a')).toBe(false);
  });
});

describe('filter combinators', () => {
  const filter = (combinator: string) =>
    readFilterValue({
      combinator,
      conditions: [
        { leftValue: 1, rightValue: 1, operator: { type: 'number', operation: 'equals' } },
        { leftValue: 1, rightValue: 2, operator: { type: 'number', operation: 'equals' } },
      ],
    });

  it('and / or / unknown', () => {
    expect(evaluateFilter(filter('and')!, 0)).toBe(false);
    expect(evaluateFilter(filter('or')!, 0)).toBe(true);
    expect(evaluateFilter(filter('xor')!, 0)).toBe(false);
  });

  it('names the item and condition of a type error', () => {
    const value = readFilterValue({
      combinator: 'and',
      conditions: [
        { leftValue: 1, rightValue: 1, operator: { type: 'number', operation: 'equals' } },
        { leftValue: 'x', rightValue: 1, operator: { type: 'number', operation: 'gt' } },
      ],
    });
    expect(() => evaluateFilter(value!, 3)).toThrow("Wrong type: 'x' is a string but was expecting a number [condition 1, item 3]");
  });

  it('refuses a condition without operator', () => {
    expect(() => readFilterValue({ conditions: [{ leftValue: 1 }] })).toThrow('Condition 0 has no valid operator');
  });
});

describe('v1 comparisons', () => {
  it("keeps JavaScript's loose semantics", () => {
    expect(compareLegacy('number', 'larger', '10', '9')).toBe(false);
    expect(compareLegacy('number', 'smallerEqual', null, 0)).toBe(true);
    expect(compareLegacy('string', 'isEmpty', {}, undefined)).toBe(true);
    expect(compareLegacy('string', 'regex', 'Hello', '/^h/i')).toBe(true);
    expect(compareLegacy('boolean', 'notEqual', true, false)).toBe(true);
    expect(() => compareLegacy('string', 'startsWith', 5, '5')).toThrow('value1.startsWith is not a function');
  });
});
