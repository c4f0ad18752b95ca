import { DateTime } from 'luxon';

/** The units n8n's Wait node offers, in milliseconds. */
const UNIT_MS: Record<string, number> = {
  seconds: 1000,
  minutes: 60 * 1000,
  hours: 60 * 60 * 1000,
  days: 24 * 60 * 60 * 1000,
};

export function isWaitUnit(unit: unknown): unit is keyof typeof UNIT_MS {
  return typeof unit === 'string' && unit in UNIT_MS;
}

/** `amount` `unit`s in milliseconds (fractions allowed: 1.5 minutes is 90 seconds, as in n8n). */
export function intervalMs(amount: number, unit: string): number {
  return amount * UNIT_MS[unit];
}

/** A number from a parameter that may hold a numeric string; NaN when it is not one. */
export function toAmount(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/**
 * n8n's tryToParseDateTime: ISO 8601, HTTP, RFC 2822, SQL, then whatever Date.parse takes.
 * Text without an offset is read in `zone`. Undefined when nothing parses.
 */
export function parseDateTime(value: unknown, zone: string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const options = { zone, setZone: true };
  for (const parse of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL]) {
    const parsed = parse(text, options);
    if (parsed.isValid) return parsed.toJSDate();
  }
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : new Date(millis);
}
