import { evaluateCondition } from '../../../../src/nodes/core/conditions/evaluate';
import type { FilterCondition, FilterOptions } from '../../../../src/nodes/core/conditions/types';

/**
 * Every operator of n8n's filter (IF v2, Filter v2, Switch v3) at its boundaries: equal
 * values, one step either side, empty and missing sides. n8n's semantics, from its
 * filter-parameter executeFilterCondition.
 */
const STRICT: FilterOptions = { caseSensitive: true, typeValidation: 'strict', version: 2 };
const SINGLE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

/** The right side's type as n8n's operator list declares it for array operations. */
function rightTypeOf(type: string, operation: string): string | undefined {
  if (type !== 'array') return undefined;
  return operation.startsWith('length') ? 'number' : operation.includes('ontains') ? 'any' : undefined;
}

function check(type: string, operation: string, left: unknown, right: unknown, options: FilterOptions = STRICT): boolean {
  const condition: FilterCondition = {
    leftValue: left,
    rightValue: right,
    operator: { type, operation, singleValue: SINGLE.has(operation), rightType: rightTypeOf(type, operation) },
  };
  return evaluateCondition(condition, options, { conditionIndex: 0, itemIndex: 0 });
}

type Row = [operation: string, left: unknown, right: unknown, expected: boolean];

const cases: Record<string, Row[]> = {
  string: [
    ['equals', 'abc', 'abc', true],
    ['equals', 'abc', 'abcd', false],
    ['equals', 'abc', 'ABC', false],
    ['notEquals', 'abc', 'abc', false],
    ['notEquals', 'abc', 'abd', true],
    ['contains', 'abcdef', 'cde', true],
    ['contains', 'abcdef', 'abcdef', true],
    ['contains', 'abc', 'abcd', false],
    ['notContains', 'abcdef', 'cde', false],
    ['notContains', 'abc', 'x', true],
    ['startsWith', 'abcdef', 'abc', true],
    ['startsWith', 'abcdef', 'bcd', false],
    ['notStartsWith', 'abcdef', 'abc', false],
    ['notStartsWith', 'abcdef', 'bcd', true],
    ['endsWith', 'abcdef', 'def', true],
    ['endsWith', 'abcdef', 'cde', false],
    ['notEndsWith', 'abcdef', 'def', false],
    ['notEndsWith', 'abcdef', 'cde', true],
    ['regex', 'order-42', '^order-\\d+$', true],
    ['regex', 'order-x', '^order-\\d+$', false],
    ['regex', 'ORDER-1', '/^order-\\d$/i', true],
    ['notRegex', 'order-42', '^order-\\d+$', false],
    ['notRegex', 'order-x', '^order-\\d+$', true],
    ['empty', '', undefined, true],
    ['empty', ' ', undefined, false],
    ['empty', null, undefined, true],
    ['notEmpty', '', undefined, false],
    ['notEmpty', 'a', undefined, true],
    ['exists', '', undefined, true],
    ['exists', null, undefined, false],
    ['notExists', undefined, undefined, true],
    ['notExists', 'a', undefined, false],
  ],
  number: [
    ['equals', 5, 5, true],
    ['equals', 5, 5.000001, false],
    ['notEquals', 5, 5, false],
    ['notEquals', 5, 6, true],
    ['gt', 6, 5, true],
    ['gt', 5, 5, false],
    ['gt', 4, 5, false],
    ['lt', 4, 5, true],
    ['lt', 5, 5, false],
    ['lt', 6, 5, false],
    ['gte', 6, 5, true],
    ['gte', 5, 5, true],
    ['gte', 4.999, 5, false],
    ['lte', 4, 5, true],
    ['lte', 5, 5, true],
    ['lte', 5.001, 5, false],
    ['gt', -1, -2, true],
    ['lte', 0, -0, true],
    ['empty', null, undefined, true],
    ['empty', 0, undefined, false],
    ['notEmpty', 0, undefined, true],
    ['notEmpty', null, undefined, false],
    ['exists', 0, undefined, true],
    ['notExists', null, undefined, true],
  ],
  dateTime: [
    ['equals', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', true],
    ['equals', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.001Z', false],
    ['notEquals', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', false],
    ['notEquals', '2025-03-01T10:00:00.000Z', '2025-03-01T11:00:00.000Z', true],
    ['after', '2025-03-01T10:00:00.001Z', '2025-03-01T10:00:00.000Z', true],
    ['after', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', false],
    ['before', '2025-03-01T09:59:59.999Z', '2025-03-01T10:00:00.000Z', true],
    ['before', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', false],
    ['afterOrEquals', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', true],
    ['afterOrEquals', '2025-03-01T10:00:00.001Z', '2025-03-01T10:00:00.000Z', true],
    ['afterOrEquals', '2025-03-01T09:59:59.999Z', '2025-03-01T10:00:00.000Z', false],
    ['beforeOrEquals', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', true],
    ['beforeOrEquals', '2025-03-01T09:59:59.999Z', '2025-03-01T10:00:00.000Z', true],
    ['beforeOrEquals', '2025-03-01T10:00:00.001Z', '2025-03-01T10:00:00.000Z', false],
    // The same instant written in two zones.
    ['equals', '2025-03-01T12:00:00+02:00', '2025-03-01T10:00:00Z', true],
    ['exists', '2025-03-01T10:00:00Z', undefined, true],
    ['notExists', null, undefined, true],
  ],
  boolean: [
    ['true', true, undefined, true],
    ['true', false, undefined, false],
    ['false', false, undefined, true],
    ['false', true, undefined, false],
    ['equals', true, true, true],
    ['equals', true, false, false],
    ['notEquals', true, false, true],
    ['notEquals', false, false, false],
    ['empty', null, undefined, true],
    ['empty', false, undefined, false],
    ['notEmpty', false, undefined, true],
    ['notEmpty', null, undefined, false],
    ['exists', false, undefined, true],
    ['notExists', undefined, undefined, true],
  ],
  array: [
    ['contains', [1, 2, 3], 2, true],
    ['contains', [1, 2, 3], 4, false],
    ['contains', ['a', 'b'], 'b', true],
    ['notContains', [1, 2, 3], 2, false],
    ['notContains', [1, 2, 3], 4, true],
    ['lengthEquals', [1, 2], 2, true],
    ['lengthEquals', [1, 2], 3, false],
    ['lengthNotEquals', [1, 2], 2, false],
    ['lengthNotEquals', [1, 2], 1, true],
    ['lengthGt', [1, 2, 3], 2, true],
    ['lengthGt', [1, 2], 2, false],
    ['lengthLt', [1], 2, true],
    ['lengthLt', [1, 2], 2, false],
    ['lengthGte', [1, 2, 3], 2, true],
    ['lengthGte', [1, 2], 2, true],
    ['lengthGte', [1], 2, false],
    ['lengthLte', [1], 2, true],
    ['lengthLte', [1, 2], 2, true],
    ['lengthLte', [1, 2, 3], 2, false],
    ['lengthEquals', [], 0, true],
    ['empty', [], undefined, true],
    ['empty', [0], undefined, false],
    ['notEmpty', [0], undefined, true],
    ['notEmpty', [], undefined, false],
    ['exists', [], undefined, true],
    ['notExists', null, undefined, true],
  ],
  object: [
    ['empty', {}, undefined, true],
    ['empty', { a: 1 }, undefined, false],
    ['empty', null, undefined, true],
    ['notEmpty', { a: 1 }, undefined, true],
    ['notEmpty', {}, undefined, false],
    ['exists', {}, undefined, true],
    ['notExists', null, undefined, true],
  ],
};

describe.each(Object.entries(cases))('filter operators of type %s', (type, rows) => {
  it.each(rows)(`${type} %s: %p against %p is %p`, (operation, left, right, expected) => {
    expect(check(type, operation, left, right)).toBe(expected);
  });
});

describe('filter options', () => {
  it('ignores case when asked, except in a regex pattern', () => {
    const loose: FilterOptions = { ...STRICT, caseSensitive: false };
    expect(check('string', 'equals', 'ABC', 'abc', loose)).toBe(true);
    expect(check('string', 'contains', 'Hello World', 'WORLD', loose)).toBe(true);
    expect(check('string', 'equals', 'ABC', 'abc')).toBe(false);
    expect(check('array', 'contains', ['Alpha'], 'alpha', loose)).toBe(true);
    expect(check('array', 'contains', ['Alpha'], 'alpha')).toBe(false);
  });

  it('an unknown operation fails the condition', () => {
    expect(check('number', 'between', 5, 5)).toBe(false);
    expect(check('string', 'sounds like', 'a', 'a')).toBe(false);
  });

  it('every operation this engine knows appears in the table above', () => {
    const source: string = jest.requireActual<typeof import('node:fs')>('node:fs').readFileSync(require.resolve('../../../../src/nodes/core/conditions/evaluate.ts'), 'utf8');
    const known = new Set([...source.matchAll(/case '([A-Za-z]+)':/g)].map((match) => match[1]).filter((name) => !['string', 'number', 'dateTime', 'boolean', 'array', 'object'].includes(name as string)));
    const tested = new Set(Object.values(cases).flatMap((rows) => rows.map((row) => row[0])));
    expect([...known].filter((operation) => !tested.has(operation as string))).toEqual([]);
  });
});
