import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';

/** n8n's Odoo resources and the models behind them; `custom` names its model itself. */
export const RESOURCE_MODELS: Record<string, string> = {
  contact: 'res.partner',
  opportunity: 'crm.lead',
  note: 'note.note',
};

/** n8n's filter operator names -> Odoo domain operators. */
export const FILTER_OPERATORS: Record<string, string> = {
  equal: '=',
  notEqual: '!=',
  greaterThen: '>',
  lesserThen: '<',
  greaterOrEqual: '>=',
  lesserOrEqual: '<=',
  like: 'like',
  in: 'in',
  notIn: 'not in',
  childOf: 'child_of',
};

/** The parameter holding the record id, per resource (n8n's names). */
export const ID_PARAMETERS: Record<string, string> = {
  contact: 'contactId',
  opportunity: 'opportunityId',
  note: 'noteId',
  custom: 'customResourceId',
};

/**
 * n8n sends a list operator's value as the text typed in ("1,2,3"), which Odoo refuses; an
 * array is what it needs, numbers where the entries are numbers.
 */
function listValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [value];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => (/^-?\d+$/.test(entry) ? Number(entry) : entry));
}

/** `filterRequest` ({filter: [{fieldName, operator, value}]}) as an Odoo domain. */
export function filtersToDomain(filterRequest: JsonValue | undefined): JsonValue[] {
  const filters = isJsonObject(filterRequest) && Array.isArray(filterRequest.filter) ? filterRequest.filter : [];
  return filters.filter(isJsonObject).map((filter) => {
    const operatorName = typeof filter.operator === 'string' ? filter.operator : 'equal';
    const operator = FILTER_OPERATORS[operatorName] ?? operatorName;
    const value = filter.value ?? '';
    return [String(filter.fieldName ?? ''), operator, operator.endsWith('in') ? listValue(value) : value];
  });
}

/** `fieldsToCreateOrUpdate` ({fields: [{fieldName, fieldValue}]}) as record values. */
export function nameValueFields(parameter: JsonValue | undefined): JsonObject {
  const fields = isJsonObject(parameter) && Array.isArray(parameter.fields) ? parameter.fields : [];
  const values: JsonObject = {};
  for (const field of fields) {
    if (isJsonObject(field) && typeof field.fieldName === 'string' && field.fieldName !== '') {
      values[field.fieldName] = field.fieldValue ?? '';
    }
  }
  return values;
}

/** Contact fields with the address collection (`address.value`) spread in, as n8n does. */
export function withAddress(fields: JsonObject): JsonObject {
  const { address, ...rest } = fields;
  const value = isJsonObject(address) ? address.value : undefined;
  return isJsonObject(value) ? { ...rest, ...value } : rest;
}

/** `options.fieldsList`: a list, or a comma-separated text from an expression. */
export function fieldList(value: JsonValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((field): field is string => typeof field === 'string' && field !== '');
  if (typeof value === 'string') return value.split(',').map((field) => field.trim()).filter((field) => field !== '');
  return [];
}

/** A JSON parameter that may arrive as text (typed in) or as a value (from an expression). */
export function jsonParameter(value: JsonValue | undefined, fallback: JsonValue): JsonValue {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') return value;
  return JSON.parse(value) as JsonValue;
}

/** Odoo's answer as items' json: records one item each, anything else wrapped. */
export function resultToJsons(result: JsonValue): JsonObject[] {
  if (Array.isArray(result)) {
    return result.map((entry) => (isJsonObject(entry) ? entry : { result: entry }));
  }
  return [isJsonObject(result) ? result : { result }];
}
