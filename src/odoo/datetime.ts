/**
 * Odoo's Datetime wire format: naive UTC `YYYY-MM-DD HH:MM:SS`. Odoo refuses `T`, `Z` and
 * fractions on input and never converts time zones on output, so both directions are UTC.
 */
export function toOdooDatetime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot send an invalid Date to Odoo');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const ODOO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/** Parses Odoo's `YYYY-MM-DD[ HH:MM:SS]` as UTC; `false`/empty (Odoo's "no value") gives undefined. */
export function fromOdooDatetime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const match = ODOO_DATETIME.exec(value);
  if (!match) throw new RangeError(`Not an Odoo datetime: "${value}"`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
