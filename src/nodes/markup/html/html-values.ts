import type * as HtmlToText from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import { lazyLibrary } from '../../lazy-library';
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { JsonObject } from '../../../workflow/json';
import { formValue, type ValueReader } from './extract-content';
import type { ExtractionValue } from './extraction-values';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const htmlToText = lazyLibrary(() => require('html-to-text') as typeof HtmlToText);

/**
 * How the HTML node (v1 to v1.2) reads a value. Text is cheerio's text up to v1.1 and
 * html-to-text's rendering of the element from v1.2 (skipping `skipSelectors`). Trimming and
 * clean-up only happen when their options are set: the collection's displayed defaults are
 * not applied by n8n.
 */

function textOf(selection: Cheerio<AnyNode>, row: ExtractionValue, version: number): string | undefined {
  if (version <= 1.1) return selection.text() || undefined;
  let options: HtmlToTextOptions | undefined;
  if (row.skipSelectors) {
    options = { selectors: row.skipSelectors.split(',').map((selector) => ({ selector: selector.trim(), format: 'skip' })) };
  }
  return htmlToText().convert(selection.html() ?? '', options);
}

function rawValue(selection: Cheerio<AnyNode>, row: ExtractionValue, version: number): string | undefined {
  switch (row.returnValue) {
    case 'attribute':
      return selection.attr(row.attribute);
    case 'html':
      return selection.html() || undefined;
    case 'text':
      return textOf(selection, row, version);
    case 'value':
      return formValue(selection);
    default:
      throw new TypeError('extractFunctions[valueData.returnValue] is not a function');
  }
}

function cleaned(value: string, options: JsonObject): string {
  let result = value;
  if (options.trimValues) result = result.trim();
  if (options.cleanUpText) {
    result = result
      .replace(/^\s+|\s+$/g, '')
      .replace(/(\r\n|\n|\r)/gm, '')
      .replace(/\s+/g, ' ');
  }
  return result;
}

export function htmlNodeValueReader(version: number): ValueReader {
  return (selection, row, options) => {
    const value = rawValue(selection, row, version);
    return value === undefined ? undefined : cleaned(value, options);
  };
}

/** The legacy HTML Extract node: text is cheerio's (also when empty), trimmed unless turned off. */
export const legacyValueReader: ValueReader = (selection, row, options) => {
  const value = row.returnValue === 'text' ? selection.text() : rawValue(selection, row, 1);
  if (options.trimValues === false || value === undefined) return value;
  return value.trim();
};
