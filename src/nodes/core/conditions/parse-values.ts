import { validateFieldType, type ValidationResult } from '../shared/field-types';
import { FilterConditionError, type FilterCondition, type FilterOptions } from './types';

/**
 * Converts the two sides of a condition to the operator's types, with n8n's strict and
 * loose rules and its exact error messages ("Wrong type: '30' is a string but was
 * expecting a number [condition 0, item 0]").
 */

function parseSide(value: unknown, type: string, strict: boolean, options: FilterOptions): ValidationResult {
  if (type === 'any' || value === null || value === undefined) return { valid: true, newValue: value };
  if (type === 'boolean' && !strict) {
    if (options.version >= 2) {
      const result = validateFieldType('filter', value, type);
      if (result.valid) return result;
    }
    return { valid: true, newValue: Boolean(value) };
  }
  if (type === 'number') {
    if (typeof value === 'number' && Number.isNaN(value)) return { valid: true, newValue: value };
    const emptyString = typeof value === 'string' && value.trim() === '';
    const emptyArray = Array.isArray(value) && value.length === 0;
    // Number('') and Number([]) are 0; filter version 3 reads them as "no value" instead.
    if ((emptyString || emptyArray) && options.version >= 3) return { valid: true, newValue: null };
  }
  return validateFieldType('filter', value, type, { strict, parseStrings: true, timezone: options.timezone });
}

function withArticle(noun: string): string {
  return `${'aeiou'.includes(noun.charAt(0)) ? 'an' : 'a'} ${noun}`;
}

function looseAdvice(strict: boolean): string {
  return strict
    ? "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."
    : 'Try changing the type of the comparison.';
}

const CONVERSION_HINT: Record<string, string> = { string: '.toString()', number: '.toNumber()', boolean: '.toBoolean()' };

function typeAdvice(strict: boolean, type: string, position: 'first' | 'second'): string {
  const hint = CONVERSION_HINT[type];
  if (!strict || !hint) return looseAdvice(strict);
  return `
<p>Try either:</p>
<ol>
  <li>Enabling 'Convert types where required'</li>
  <li>Converting the ${position} field to ${withArticle(type)} by adding <code>${hint}</code></li>
</ol>
			`;
}

function wrongTypeMessage(strict: boolean, expected: string, actual: unknown, suffix: string): string {
  const fromType = (typeof actual).toLocaleLowerCase();
  const shown = String(actual);
  if (strict) return `Wrong type: '${shown}' is ${withArticle(fromType)} but was expecting ${withArticle(expected)} ${suffix}`;
  return `Conversion error: the ${fromType} '${shown}' can't be converted to ${withArticle(expected)} ${suffix}`;
}

export interface ParsedSides {
  left: unknown;
  right: unknown;
}

export function parseConditionSides(
  condition: FilterCondition,
  options: FilterOptions,
  position: { conditionIndex: number; itemIndex: number },
): ParsedSides {
  const strict = options.typeValidation === 'strict';
  const { operator } = condition;
  const rightType = operator.rightType ?? operator.type;
  const left = parseSide(condition.leftValue, operator.type, strict, options);
  const right = parseSide(condition.rightValue, rightType, strict, options);
  const rightValid = right.valid || operator.singleValue === true;
  const suffix = `[condition ${position.conditionIndex}, item ${position.itemIndex}]`;
  if (!left.valid && !rightValid && typeof condition.leftValue === typeof condition.rightValue) {
    throw new FilterConditionError(
      `Comparison type expects ${withArticle(operator.type)} but both fields are ${withArticle(typeof condition.leftValue)}`,
      looseAdvice(strict),
    );
  }
  if (!left.valid) {
    throw new FilterConditionError(
      wrongTypeMessage(strict, operator.type, condition.leftValue, suffix),
      typeAdvice(strict, operator.type, 'first'),
    );
  }
  if (!rightValid) {
    throw new FilterConditionError(
      wrongTypeMessage(strict, rightType, condition.rightValue, suffix),
      typeAdvice(strict, rightType, 'second'),
    );
  }
  return { left: left.newValue, right: right.valid ? right.newValue : undefined };
}
