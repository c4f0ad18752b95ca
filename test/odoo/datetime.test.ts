import { fromOdooDatetime, toOdooDatetime } from '../../src/odoo/datetime';

describe('Odoo datetimes (naive UTC, whole seconds)', () => {
  it('sends a Date as UTC YYYY-MM-DD HH:MM:SS whatever the local zone', () => {
    expect(toOdooDatetime(new Date('2024-05-01T10:00:00.987+02:00'))).toBe('2024-05-01 08:00:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => toOdooDatetime(new Date('nope'))).toThrow('Cannot send an invalid Date to Odoo');
  });

  it('reads Odoo values as UTC', () => {
    expect(fromOdooDatetime('2024-05-01 08:00:00')?.toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect(fromOdooDatetime('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
  });

  it('reads false and empty as no date', () => {
    expect(fromOdooDatetime(false)).toBeUndefined();
    expect(fromOdooDatetime('')).toBeUndefined();
  });

  it('refuses what Odoo never sends', () => {
    expect(() => fromOdooDatetime('2024-05-01T08:00:00Z')).toThrow('Not an Odoo datetime: "2024-05-01T08:00:00Z"');
  });
});
