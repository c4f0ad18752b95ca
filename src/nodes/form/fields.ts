import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';

/** n8n's form field types (Form Trigger v2.x, Form node, Wait "On Form Submitted"). */
export const FORM_FIELD_TYPES = ['text', 'textarea', 'email', 'number', 'password', 'date', 'dropdown', 'radio', 'checkbox', 'file', 'hiddenField', 'html'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** One field as the form pages and the submission check need it, its parameters read once. */
export interface FormField {
  /** Position in the form: the submitted value arrives as `field-<index>`, as n8n posts it. */
  index: number;
  type: FormFieldType;
  label: string;
  /** The key of the value in the output item (n8n: the label, or `fieldName` from v2.4). */
  key: string;
  required: boolean;
  placeholder?: string;
  defaultValue?: string;
  /** dropdown, radio, checkbox. */
  options: string[];
  multiselect: boolean;
  /** checkbox: how many boxes may be ticked. */
  minSelections?: number;
  maxSelections?: number;
  /** hiddenField: the value sent; html: the markup shown. */
  value?: string;
  /** html: where its content goes in the output, when set. */
  elementName?: string;
  multipleFiles: boolean;
  acceptFileTypes?: string;
  formatDate?: string;
}

/** Throws with a message naming the field at fault; the caller adds the node. */
export class FormFieldError extends Error {}

function text(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function optionsOf(entry: JsonObject): string[] {
  const values = isJsonObject(entry.fieldOptions) ? entry.fieldOptions.values : undefined;
  if (!Array.isArray(values)) return [];
  return values.flatMap((option) => (isJsonObject(option) && text(option.option) !== undefined && text(option.option) !== '' ? [text(option.option) as string] : []));
}

function selectionLimits(entry: JsonObject): { minSelections?: number; maxSelections?: number } {
  switch (entry.limitSelection) {
    case 'exact': {
      const count = Number(entry.numberOfSelections ?? 1);
      return { minSelections: count, maxSelections: count };
    }
    case 'range':
      return { minSelections: Number(entry.minSelections ?? 0), maxSelections: Number(entry.maxSelections ?? 1) };
    default:
      return {};
  }
}

/**
 * Reads n8n's `formFields.values` (already evaluated) into fields. `typeVersion` decides the
 * output key: from 2.4 a field's `fieldName` when set, else its label (n8n's getFieldIdentifier).
 */
export function readFormFields(raw: JsonValue | undefined, typeVersion: number): FormField[] {
  const entries = isJsonObject(raw) ? raw.values : raw;
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) throw new FormFieldError('formFields.values must be a list of fields');
  return entries.map((entry, index) => {
    if (!isJsonObject(entry)) throw new FormFieldError(`formFields.values[${index}] must be an object`);
    const type = (entry.fieldType ?? 'text') as FormFieldType;
    if (!FORM_FIELD_TYPES.includes(type)) {
      throw new FormFieldError(`formFields.values[${index}].fieldType "${String(entry.fieldType)}" is not one of ${FORM_FIELD_TYPES.join(', ')}`);
    }
    const label = text(entry.fieldLabel) ?? text(entry.fieldName) ?? '';
    const name = text(entry.fieldName);
    if (label === '' && type !== 'html' && type !== 'hiddenField') throw new FormFieldError(`formFields.values[${index}] has no fieldLabel`);
    const options = optionsOf(entry);
    if ((type === 'dropdown' || type === 'radio' || type === 'checkbox') && options.length === 0) {
      throw new FormFieldError(`formFields.values[${index}] ("${label}") is a ${type} without options: add fieldOptions.values`);
    }
    const field: FormField = {
      index,
      type,
      label: label === '' ? (name ?? '') : label,
      key: typeVersion >= 2.4 && name ? name : label || name || '',
      required: entry.requiredField === true,
      options,
      // n8n shows "Multiple Choice" on dropdowns only before typeVersion 2.3 and ignores it after.
      multiselect: entry.multiselect === true && typeVersion < 2.3,
      multipleFiles: entry.multipleFiles !== false,
      ...(type === 'checkbox' ? selectionLimits(entry) : {}),
    };
    const optional: Array<[keyof FormField, string | undefined]> = [
      ['placeholder', text(entry.placeholder)],
      ['defaultValue', text(entry.defaultValue)],
      ['value', type === 'html' ? text(entry.html) : text(entry.fieldValue)],
      ['elementName', text(entry.elementName)],
      ['acceptFileTypes', text(entry.acceptFileTypes)],
      ['formatDate', text(entry.formatDate)],
    ];
    for (const [key, value] of optional) if (value !== undefined && value !== '') (field as unknown as Record<string, string>)[key] = value;
    return field;
  });
}
