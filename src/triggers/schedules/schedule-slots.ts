import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { RecurrenceUnit, ScheduleRule } from './schedule-rules';

/** Enough to cross a year of hourly slots skipped by a recurrence filter. */
const MAX_CANDIDATES = 10_000;

function sundayWeekStart(date: DateTime): DateTime {
  return date.minus({ days: date.weekday % 7 }).startOf('day');
}

/**
 * Whether `slot` is far enough from the last run for "every N hours/days/weeks/months".
 * Calendar units are counted in the workflow's zone; n8n also lets several weekdays of the
 * same week run.
 */
export function farEnough(unit: RecurrenceUnit, size: number, last: Date, slot: Date, timezone: string): boolean {
  const from = DateTime.fromJSDate(last, { zone: timezone });
  const to = DateTime.fromJSDate(slot, { zone: timezone });
  switch (unit) {
    case 'hours':
      return Math.round(to.diff(from, 'hours').hours) >= size;
    case 'days':
      return Math.round(to.startOf('day').diff(from.startOf('day'), 'days').days) >= size;
    case 'weeks': {
      const weeks = Math.round(sundayWeekStart(to).diff(sundayWeekStart(from), 'weeks').weeks);
      return weeks === 0 || weeks >= size;
    }
    case 'months':
      return to.year * 12 + to.month - (from.year * 12 + from.month) >= size;
  }
}

function eligible(rule: ScheduleRule, timezone: string, slot: Date, lastFired: Date | undefined): boolean {
  if (rule.recurrence === undefined || lastFired === undefined) return true;
  return farEnough(rule.recurrence.unit, rule.recurrence.size, lastFired, slot, timezone);
}

/** The first slot strictly after `after` that may run, given the last run; undefined if none. */
export function nextSlot(rule: ScheduleRule, timezone: string, after: Date, lastFired?: Date): Date | undefined {
  try {
    const cron = CronExpressionParser.parse(rule.cron, { tz: timezone, currentDate: after });
    for (let count = 0; count < MAX_CANDIDATES; count += 1) {
      const slot = cron.next().toDate();
      if (eligible(rule, timezone, slot, lastFired)) return slot;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The latest slot at or before `now` and strictly after `floor` that may run: what a tick
 * or a restart fires. Older missed slots are skipped on purpose: after downtime a
 * schedule catches up once, not once per missed slot.
 */
export function latestDueSlot(rule: ScheduleRule, timezone: string, now: Date, floor: Date, lastFired?: Date): Date | undefined {
  try {
    const cron = CronExpressionParser.parse(rule.cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) });
    for (let count = 0; count < MAX_CANDIDATES; count += 1) {
      const slot = cron.prev().toDate();
      if (slot.getTime() <= floor.getTime()) return undefined;
      if (eligible(rule, timezone, slot, lastFired)) return slot;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
