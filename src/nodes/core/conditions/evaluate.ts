import type { DateTime } from 'luxon';
import { parseRegexLiteral, safeRegexTest } from '../shared/safe-regex';
import { parseConditionSides } from './parse-values';
import type { FilterCondition, FilterOptions, FilterValue } from './types';

/** n8n's filter engine: one condition against its operator, then the combinator over all. */

interface Sides {
  left: unknown;
  right: unknown;
  exists: boolean;
  ignoreCase: boolean;
}

function stringSides(condition: FilterCondition, sides: Sides): { left: string; right: string } {
  let { left, right } = sides;
  const isRegex = condition.operator.operation === 'regex' || condition.operator.operation === 'notRegex';
  if (sides.ignoreCase) {
    if (typeof left === 'string') left = left.toLocaleLowerCase();
    // A pattern keeps its case: `^[A-Z]` must not turn into `^[a-z]`.
    if (typeof right === 'string' && !isRegex) right = right.toLocaleLowerCase();
  }
  return { left: (left ?? '') as string, right: (right ?? '') as string };
}

function regexMatches(pattern: string, input: string): boolean {
  const { source, flags } = parseRegexLiteral(String(pattern));
  return safeRegexTest(source, String(input), flags);
}

function compareString(operation: string, left: string, right: string): boolean | undefined {
  switch (operation) {
    case 'empty':
      return left.length === 0;
    case 'notEmpty':
      return left.length !== 0;
    case 'equals':
      return left === right;
    case 'notEquals':
      return left !== right;
    case 'contains':
      return left.includes(right);
    case 'notContains':
      return !left.includes(right);
    case 'startsWith':
      return left.startsWith(right);
    case 'notStartsWith':
      return !left.startsWith(right);
    case 'endsWith':
      return left.endsWith(right);
    case 'notEndsWith':
      return !left.endsWith(right);
    case 'regex':
      return regexMatches(right, left);
    case 'notRegex':
      return !regexMatches(right, left);
  }
  return undefined;
}

function compareNumber(operation: string, sides: Sides): boolean | undefined {
  const left = sides.left as number;
  const right = sides.right as number;
  switch (operation) {
    case 'empty':
      return !sides.exists;
    case 'notEmpty':
      return sides.exists;
    case 'equals':
      return left === right;
    case 'notEquals':
      return left !== right;
    case 'gt':
      return left > right;
    case 'lt':
      return left < right;
    case 'gte':
      return left >= right;
    case 'lte':
      return left <= right;
  }
  return undefined;
}

function compareDateTime(operation: string, sides: Sides): boolean | undefined {
  if (operation === 'empty') return !sides.exists;
  if (operation === 'notEmpty') return sides.exists;
  const left = sides.left as DateTime | null | undefined;
  const right = sides.right as DateTime | null | undefined;
  if (!left || !right) return false;
  const difference = left.toMillis() - right.toMillis();
  switch (operation) {
    case 'equals':
      return difference === 0;
    case 'notEquals':
      return difference !== 0;
    case 'after':
      return difference > 0;
    case 'before':
      return difference < 0;
    case 'afterOrEquals':
      return difference >= 0;
    case 'beforeOrEquals':
      return difference <= 0;
  }
  return undefined;
}

function compareBoolean(operation: string, sides: Sides): boolean | undefined {
  switch (operation) {
    case 'empty':
      return !sides.exists;
    case 'notEmpty':
      return sides.exists;
    case 'true':
      return Boolean(sides.left);
    case 'false':
      return !sides.left;
    case 'equals':
      return sides.left === sides.right;
    case 'notEquals':
      return sides.left !== sides.right;
  }
  return undefined;
}

/** Array `contains` compares strings without case when asked to, everything else with ===. */
export function arrayContains(array: unknown[], value: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof value === 'string') {
    return array.some((entry) => typeof entry === 'string' && entry.toLocaleLowerCase() === value.toLocaleLowerCase());
  }
  return array.includes(value);
}

function compareArray(operation: string, sides: Sides): boolean | undefined {
  const left = (sides.left ?? []) as unknown[];
  const length = sides.right as number;
  switch (operation) {
    case 'contains':
      return arrayContains(left, sides.right, sides.ignoreCase);
    case 'notContains':
      return !arrayContains(left, sides.right, sides.ignoreCase);
    case 'lengthEquals':
      return left.length === length;
    case 'lengthNotEquals':
      return left.length !== length;
    case 'lengthGt':
      return left.length > length;
    case 'lengthLt':
      return left.length < length;
    case 'lengthGte':
      return left.length >= length;
    case 'lengthLte':
      return left.length <= length;
    case 'empty':
      return left.length === 0;
    case 'notEmpty':
      return left.length !== 0;
  }
  return undefined;
}

function compareObject(operation: string, sides: Sides): boolean | undefined {
  const left = sides.left as object | null | undefined;
  if (operation === 'empty') return !left || Object.keys(left).length === 0;
  if (operation === 'notEmpty') return !!left && Object.keys(left).length !== 0;
  return undefined;
}

/** One condition; throws FilterConditionError when a side has the wrong type. */
export function evaluateCondition(
  condition: FilterCondition,
  options: FilterOptions,
  position: { conditionIndex: number; itemIndex: number },
): boolean {
  const { left, right } = parseConditionSides(condition, options, position);
  const exists = left !== undefined && left !== null && !(typeof left === 'number' && Number.isNaN(left));
  const { operation } = condition.operator;
  if (operation === 'exists') return exists;
  if (operation === 'notExists') return !exists;
  const sides: Sides = { left, right, exists, ignoreCase: !options.caseSensitive };
  let result: boolean | undefined;
  switch (condition.operator.type) {
    case 'string': {
      const strings = stringSides(condition, sides);
      result = compareString(operation, strings.left, strings.right);
      break;
    }
    case 'number':
      result = compareNumber(operation, sides);
      break;
    case 'dateTime':
      result = compareDateTime(operation, sides);
      break;
    case 'boolean':
      result = compareBoolean(operation, sides);
      break;
    case 'array':
      result = compareArray(operation, sides);
      break;
    case 'object':
      result = compareObject(operation, sides);
      break;
  }
  // n8n treats an operator it does not know as a failed condition (and logs it).
  return result ?? false;
}

/** All conditions with `and`, any with `or`; an unknown combinator fails, as in n8n. */
export function evaluateFilter(filter: FilterValue, itemIndex: number): boolean {
  const passes = (condition: FilterCondition, conditionIndex: number): boolean =>
    evaluateCondition(condition, filter.options, { conditionIndex, itemIndex });
  if (filter.combinator === 'and') return filter.conditions.every(passes);
  if (filter.combinator === 'or') return filter.conditions.some(passes);
  return false;
}
