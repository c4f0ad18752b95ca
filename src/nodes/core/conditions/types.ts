import { AutomatorError } from '../../../errors';
import { isJsonObjectValue } from '../shared/json-values';

/** The `filter` parameter of IF v2, Filter v2 and Switch v3 rules, as n8n stores it. */
export interface FilterOperator {
  type: string;
  operation: string;
  /** The right value's type when it differs from the left's (`array` `contains` -> `any`). */
  rightType?: string;
  /** Operations without a right value (`exists`, `empty`, `true`...). */
  singleValue?: boolean;
}

export interface FilterCondition {
  leftValue: unknown;
  rightValue: unknown;
  operator: FilterOperator;
}

export interface FilterOptions {
  caseSensitive: boolean;
  typeValidation: 'strict' | 'loose';
  /** The filter engine version the node version writes: 1, 2 (IF 2.2) or 3 (IF 2.3). */
  version: number;
  /** Zone for date strings without an offset (the workflow's). */
  timezone?: string;
}

export interface FilterValue {
  conditions: FilterCondition[];
  combinator: string;
  options: FilterOptions;
}

/** A condition failed its type checks; the message is n8n's, the description its advice. */
export class FilterConditionError extends AutomatorError {
  constructor(
    message: string,
    readonly description: string,
  ) {
    super(message, 'bad_request');
  }
}

function readOperator(value: unknown, index: number): FilterOperator {
  if (!isJsonObjectValue(value) || typeof value.type !== 'string' || typeof value.operation !== 'string') {
    throw new FilterConditionError(
      `Condition ${index} has no valid operator`,
      'Each condition needs an operator with a type and an operation, e.g. {"type": "string", "operation": "equals"}',
    );
  }
  return {
    type: value.type,
    operation: value.operation,
    rightType: typeof value.rightType === 'string' ? value.rightType : undefined,
    singleValue: value.singleValue === true,
  };
}

/**
 * Reads a resolved filter parameter. n8n fills in `combinator` ('and') and the options
 * (case-sensitive, strict, version 1) when a workflow leaves them out. Returns undefined
 * for a value that is no filter at all (n8n then uses the raw value as the result).
 */
export function readFilterValue(value: unknown, timezone?: string): FilterValue | undefined {
  if (!isJsonObjectValue(value) || !('conditions' in value)) return undefined;
  const options = isJsonObjectValue(value.options) ? value.options : {};
  const entries = Array.isArray(value.conditions) ? value.conditions : [];
  return {
    combinator: typeof value.combinator === 'string' ? value.combinator : 'and',
    options: {
      caseSensitive: options.caseSensitive === undefined ? true : Boolean(options.caseSensitive),
      typeValidation: options.typeValidation === 'loose' ? 'loose' : 'strict',
      version: typeof options.version === 'number' ? options.version : 1,
      timezone,
    },
    conditions: entries.map((entry, index) => {
      const condition = isJsonObjectValue(entry) ? entry : {};
      return {
        leftValue: condition.leftValue,
        rightValue: condition.rightValue,
        operator: readOperator(condition.operator, index),
      };
    }),
  };
}
