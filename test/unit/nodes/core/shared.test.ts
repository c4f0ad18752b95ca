import { parseLenientJson } from '../../../../src/nodes/core/shared/lenient-json';
import { getPath, pathSteps, setPath, unsetPath } from '../../../../src/nodes/core/shared/object-path';
import { validateFieldType } from '../../../../src/nodes/core/shared/field-types';
import { safeRegexTest, RegexTimeoutError } from '../../../../src/nodes/core/shared/safe-regex';
import type { JsonObject } from '../../../../src/workflow/json';

describe('lenient JSON', () => {
  it.each([
    ["{a: 1, 'b': 'x'}", { a: 1, b: 'x' }],
    ['{ two words: 1 }', { 'two words': 1 }],
    ['{"a": undefined, "b": None, "c": True}', { a: null, b: null, c: true }],
    ['{"a": 1,}', { a: 1 }],
    ['{"a": }', { a: null }],
    ['{"a": 1', { a: 1 }],
    ['{"a" 1}', { a: 1 }],
    ['[1 2, 3]', [1, 2, 3]],
    ['{"a": hello world}', { a: 'hello world' }],
    ['{"a": 1 // comment\n, /* b */ "b": 2}', { a: 1, b: 2 }],
    ['{"s": "tab\\tquote\\"\\u00e9"}', { s: 'tab\tquote"é' }],
    ['not json', 'not json'],
  ])('reads %j', (text, expected) => {
    expect(parseLenientJson(text)).toEqual(expected);
  });

  it.each(['{ invalid }', '{"a": 1} trailing', '', '{"a": {{ x }} }', '{ bad 1 }', '{"id": 1, oops }'])('refuses %j', (text) => {
    expect(() => parseLenientJson(text)).toThrow(SyntaxError);
  });
});

describe('object paths (lodash semantics)', () => {
  it('splits dotted, bracketed and quoted steps', () => {
    expect(pathSteps('a.b[0]["c.d"]')).toEqual(['a', 'b', '0', 'c.d']);
    expect(pathSteps('a.b', { 'a.b': 1 })).toEqual(['a.b']);
    expect(pathSteps('plain')).toEqual(['plain']);
  });

  it('creates arrays before indexes and objects elsewhere', () => {
    const target: JsonObject = { keep: 1 };
    setPath(target, 'list[2].name', 'x');
    setPath(target, 'a.b', 2);
    setPath(target, 'keep.deeper', 3);
    expect(target).toEqual({ keep: { deeper: 3 }, list: [null, null, { name: 'x' }], a: { b: 2 } });
  });

  it('reads and removes values, never touching prototypes', () => {
    const target: JsonObject = { a: { b: [1, { c: 2 }] }, 'x.y': 5 };
    expect(getPath(target, 'a.b[1].c')).toBe(2);
    expect(getPath(target, 'x.y')).toBe(5);
    expect(getPath(target, 'a.missing.c')).toBeUndefined();
    unsetPath(target, 'a.b[1].c');
    expect(target.a).toEqual({ b: [1, {}] });
    setPath(target, '__proto__.polluted', true);
    expect(({} as JsonObject).polluted).toBeUndefined();
  });
});

describe('field type validation', () => {
  it("converts and describes values as n8n's validateFieldType", () => {
    expect(validateFieldType('n', '12', 'number')).toEqual({ valid: true, newValue: 12 });
    expect(validateFieldType('n', 'x', 'number')).toEqual({ valid: false, errorMessage: "'n' expects a number but we got 'x'" });
    expect(validateFieldType('n', 5, 'number', { strict: true })).toEqual({ valid: true, newValue: 5 });
    expect(validateFieldType('b', 'yes', 'boolean')).toEqual({ valid: false, errorMessage: "'b' expects a boolean but we got 'yes'" });
    expect(validateFieldType('o', [1], 'object')).toEqual({ valid: false, errorMessage: "'o' expects a object but we got array" });
    expect(validateFieldType('t', '10:30', 'time')).toEqual({ valid: true, newValue: '10:30' });
    expect(validateFieldType('s', 3, 'string', { parseStrings: true })).toEqual({ valid: true, newValue: '3' });
    expect(validateFieldType('x', null, 'number')).toEqual({ valid: true, newValue: undefined });
  });
});

describe('safe regex', () => {
  it('matches with flags and stops catastrophic patterns', () => {
    expect(safeRegexTest('^h', 'Hello', 'i')).toBe(true);
    expect(() => safeRegexTest('(', 'x', '')).toThrow(SyntaxError);
    expect(() => safeRegexTest('^(a+)+$', `${'a'.repeat(40)}!`, '')).toThrow(RegexTimeoutError);
  });
});
