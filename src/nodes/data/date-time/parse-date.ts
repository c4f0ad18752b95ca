import { DateTime } from 'luxon';
import type MomentTimezone from 'moment-timezone';
import { lazyLibrary } from '../../lazy-library';
import type { JsonValue } from '../../../workflow/json';

// n8n parses free-form dates with moment, whose fallback to `new Date()` warns on stderr for
// every such date: the value is still parsed the same way, so the warning is only noise.
export const moment = lazyLibrary(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require('moment-timezone') as typeof MomentTimezone;
  library.suppressDeprecationWarnings = true;
  return library;
});

/** A date parameter could not be read (n8n: "Invalid date format"). */
export class InvalidDateError extends Error {
  constructor() {
    super('Invalid date format');
    this.name = 'NodeOperationError';
  }
}

/** A JavaScript TypeError of n8n's parser, reproduced for values that are neither number nor text. */
function notText(): TypeError {
  return new TypeError('date.includes is not a function');
}

/** JavaScript's `Number(value)` for parameter values (objects and arrays as JS coerces them). */
export function jsNumber(value: JsonValue | undefined): number {
  return Number(value as unknown as number);
}

/** Seconds below 12 digits, milliseconds from there on (n8n's "timestamp in 1990" rule). */
function fromTimestamp(value: number): DateTime {
  return value.toString().length < 12 ? DateTime.fromSeconds(value) : DateTime.fromMillis(value);
}

/**
 * Date & Time v2's parseDate: numbers (or numeric text) are Unix seconds or milliseconds
 * (fractions are seconds), text is read by moment (ISO first, then the JavaScript Date
 * fallback) or by luxon with `fromFormat`. The result is set to `timezone`, else to the
 * offset written in the text (`+02:00` -> Etc/GMT-2), else UTC.
 */
export function parseDateV2(value: JsonValue | undefined, options: { timezone?: string; fromFormat?: string } = {}): DateTime {
  let date: JsonValue | undefined = value;
  if (!Number.isNaN(jsNumber(date)) && !options.fromFormat) {
    date = jsNumber(date);
    if (!Number.isInteger(date)) date = date * 1000;
  }
  let timezone = options.timezone;
  let parsed: DateTime;
  if (typeof date === 'number' && Number.isInteger(date)) {
    parsed = fromTimestamp(date);
  } else {
    if (typeof date !== 'string') throw notText();
    if (!timezone && date.includes('+')) {
      const offset = Number(date.split('+')[1]?.slice(0, 2));
      timezone = `Etc/GMT-${offset}`;
    }
    if (options.fromFormat) {
      parsed = DateTime.fromFormat(date, options.fromFormat);
    } else {
      // moment's toISOString is null for an invalid date; luxon reads that as unparsable.
      parsed = DateTime.fromISO(moment()(date).toISOString() ?? 'null');
    }
  }
  parsed = parsed.setZone(timezone || 'Etc/UTC');
  if (parsed.invalidReason === 'unparsable') throw new InvalidDateError();
  return parsed;
}
