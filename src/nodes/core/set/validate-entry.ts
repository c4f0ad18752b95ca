import { DateTime } from 'luxon';
import { AutomatorError } from '../../../errors';
import type { JsonValue } from '../../../workflow/json';
import { describeValue, validateFieldType } from '../shared/field-types';
import { copyJson } from '../shared/json-values';

/** A Set field whose value does not fit its type; the description is n8n's advice. */
export class FieldTypeError extends AutomatorError {
  constructor(
    message: string,
    readonly description: string,
  ) {
    super(message, 'bad_request');
  }
}

/** Dates leave the node as ISO text, as n8n's DateTime objects do once serialised. */
function toJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (DateTime.isDateTime(value)) return value.toISO();
  return copyJson(value as JsonValue);
}

/**
 * n8n's validateEntry: converts a Set field's value to its declared type, or fails with
 * "'count' expects a number but we got 'abc' [item 0]". With ignoreErrors the value is
 * kept as it came.
 */
export function validateEntry(
  name: string,
  type: string,
  value: unknown,
  itemIndex: number,
  version: number,
  ignoreErrors: boolean,
): { name: string; value: JsonValue } {
  if (version >= 3.2 && (value === undefined || value === null)) return { name, value: null };
  const description = `To fix the error try to change the type for the field "${name}" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation`;
  let candidate = value;
  if (type === 'string') {
    if (version > 3 && (value === undefined || value === null)) {
      if (ignoreErrors) return { name, value: null };
      throw new FieldTypeError(`'${name}' expects a ${type} but we got ${describeValue(value)} [item ${itemIndex}]`, description);
    }
    candidate = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  const result = validateFieldType(name, candidate, type);
  if (!result.valid) {
    if (ignoreErrors) return { name, value: toJson(candidate) };
    throw new FieldTypeError(`${result.errorMessage} [item ${itemIndex}]`, description);
  }
  return { name, value: toJson(result.newValue) };
}
