import type { JsonObject, JsonValue } from '../../../workflow/json';
import { isJsonObjectValue } from '../../core/shared/json-values';

/** One row of the Extraction Values collection, with n8n's defaults filled in. */
export interface ExtractionValue {
  key: string;
  cssSelector: string;
  returnValue: string;
  attribute: string;
  skipSelectors: string;
  returnArray: boolean;
}

/** The `extractionValues` parameter as n8n reads it; `undefined` rows when `values` is absent. */
export function readExtractionValues(parameter: JsonValue | undefined): ExtractionValue[] | undefined {
  const rows = isJsonObjectValue(parameter) ? parameter.values : undefined;
  if (!Array.isArray(rows)) return undefined;
  return rows.filter(isJsonObjectValue).map((row: JsonObject) => ({
    key: String(row.key ?? ''),
    cssSelector: String(row.cssSelector ?? ''),
    returnValue: String(row.returnValue ?? 'text'),
    attribute: String(row.attribute ?? ''),
    skipSelectors: String(row.skipSelectors ?? ''),
    returnArray: row.returnArray === true,
  }));
}
