/**
 * Names of n8n's data transformation functions (`'abc'.toTitleCase()`, `[1, 2].sum()`...).
 * A call `x.name(...)` with one of these names is rewritten to `__ext(x, "name", [...])`,
 * as n8n does, so it also works on primitives, null and undefined; the functions themselves
 * live inside the sandbox (runtime/extensions-*.ts). The runtime checks this list at start-up.
 */
export const EXTENSION_NAMES: ReadonlySet<string> = new Set([
  // String
  'removeMarkdown', 'removeTags', 'toDate', 'toDateTime', 'toBoolean', 'toDecimalNumber',
  'toNumber', 'toFloat', 'toInt', 'toWholeNumber', 'toSentenceCase', 'toSnakeCase',
  'toTitleCase', 'urlDecode', 'urlEncode', 'quote', 'replaceSpecialChars', 'length',
  'isDomain', 'isEmail', 'isNumeric', 'isUrl', 'isEmpty', 'isNotEmpty', 'isBlank',
  'isNotBlank', 'toJsonString', 'extractEmail', 'extractDomain', 'extractUrl',
  'extractUrlPath', 'parseJson', 'base64Encode', 'base64Decode', 'hash',
  // Number
  'ceil', 'floor', 'format', 'round', 'abs', 'isInteger', 'isEven', 'isOdd',
  // Array
  'removeDuplicates', 'unique', 'first', 'last', 'pluck', 'randomItem', 'sum', 'min', 'max',
  'average', 'compact', 'smartJoin', 'chunk', 'renameKeys', 'merge', 'union', 'difference',
  'intersection', 'append',
  // Object
  'hasField', 'removeField', 'removeFieldsContaining', 'keepFieldsContaining', 'keys',
  'values',
  // Date
  'beginningOf', 'endOfMonth', 'extract', 'isBetween', 'isDst', 'isInLast', 'isWeekend',
  'minus', 'plus', 'diffTo', 'diffToNow',
]);
