import { deepEqual, equalityFor, lessThan } from '../../../../src/nodes/transform/utils/compare';
import { deepMerge, shallowMerge } from '../../../../src/nodes/transform/utils/deep-merge';
import { flattenKeys } from '../../../../src/nodes/transform/utils/items';
import { getPath, setPath, unsetPath } from '../../../../src/nodes/transform/utils/object-path';
import type { JsonObject } from '../../../../src/workflow/json';

describe('field paths (lodash get/set/unset semantics)', () => {
  const json: JsonObject = { a: { b: [{ c: 1 }] }, 'x.y': 2, s: 'abc' };

  it('reads dotted and bracket paths, and literal dotted keys', () => {
    expect(getPath(json, 'a.b[0].c')).toBe(1);
    expect(getPath(json, 'a.b.0.c')).toBe(1);
    expect(getPath(json, 'x.y')).toBe(2);
    expect(getPath(json, 'a["b"]')).toEqual([{ c: 1 }]);
    expect(getPath(json, 's.length')).toBe(3);
    expect(getPath(json, 'a.zz.c')).toBeUndefined();
  });

  it('creates objects, or arrays before an index, when setting', () => {
    const target: JsonObject = {};
    setPath(target, 'p.q', 1);
    setPath(target, 'l.0.v', 2);
    setPath(target, '__proto__.polluted', 3);
    expect(target).toEqual({ p: { q: 1 }, l: [{ v: 2 }] });
    expect(({} as JsonObject).polluted).toBeUndefined();
  });

  it('unsets nested values', () => {
    const target: JsonObject = { p: { q: 1, r: 2 } };
    unsetPath(target, 'p.q');
    expect(target).toEqual({ p: { r: 2 } });
  });
});

describe('comparisons', () => {
  it('deepEqual ignores key order', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it('lessThan coerces like lodash lt', () => {
    expect(lessThan('a', 'b')).toBe(true);
    expect(lessThan('10', '9')).toBe(true);
    expect(lessThan(9, '10')).toBe(true);
    expect(lessThan(null, 1)).toBe(true);
    expect(lessThan(undefined, 1)).toBe(false);
  });

  it('fuzzy equality treats 3 and "3", true and "true", null and "" as equal', () => {
    const fuzzy = equalityFor(true);
    expect(fuzzy(3, '3')).toBe(true);
    expect(fuzzy(true, 'TRUE')).toBe(true);
    expect(fuzzy(null, '')).toBe(true);
    expect(fuzzy({ a: 1 }, '{"a":1}')).toBe(true);
    expect(fuzzy(3, '4')).toBe(false);
    expect(equalityFor(false)(3, '3')).toBe(false);
  });
});

describe('merging objects', () => {
  it('deep merge recurses, merges arrays by index and does not mutate sources', () => {
    const first: JsonObject = { a: { x: 1 }, l: [1, 2] };
    expect(deepMerge([first, { a: { y: 2 }, l: [9] }])).toEqual({ a: { x: 1, y: 2 }, l: [9, 2] });
    expect(first).toEqual({ a: { x: 1 }, l: [1, 2] });
  });

  it('minimize empty fields keeps existing values over null and ""', () => {
    expect(deepMerge([{ a: 1, b: { c: 'k' } }, { a: null, b: { c: '' }, d: '' }], true)).toEqual({ a: 1, b: { c: 'k' }, d: '' });
    expect(shallowMerge([{ a: 1 }, { a: '' }], true)).toEqual({ a: 1 });
    expect(shallowMerge([{ a: { x: 1 } }, { a: { y: 2 } }])).toEqual({ a: { y: 2 } });
  });

  it('flattenKeys names leaf paths', () => {
    expect(flattenKeys({ a: { b: 1 }, c: [2, 3], e: {} })).toEqual({ 'a.b': 1, 'c.0': 2, 'c.1': 3 });
  });
});
