import { WorkflowValidationError } from '../../../src/errors';
import { readScheduleRules } from '../../../src/triggers/schedules/schedule-rules';
import { farEnough, latestDueSlot, nextSlot } from '../../../src/triggers/schedules/schedule-slots';
import type { JsonObject } from '../../../src/workflow/json';
import type { Workflow, WorkflowNode } from '../../../src/workflow/types';

const workflow = { name: 'Nightly' } as Workflow;
const node = (rule: JsonObject | undefined): WorkflowNode => ({ name: 'Schedule', parameters: rule === undefined ? {} : { rule } }) as unknown as WorkflowNode;
const rules = (interval: JsonObject[], timezone = 'UTC') => readScheduleRules(workflow, node({ interval }), timezone);
const refusal = (interval: JsonObject[]): string => {
  try {
    rules(interval);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('Schedule Trigger rules to cron', () => {
  it('reads the seed short form (every 5 minutes) at second 0', () => {
    expect(rules([{ field: 'minutes', minutesInterval: 5 }])).toEqual([{ index: 0, cron: '0 */5 * * * *' }]);
  });

  it('converts every field with n8n defaults', () => {
    expect(
      rules([
        { field: 'seconds', secondsInterval: 10 },
        { field: 'hours', hoursInterval: 2, triggerAtMinute: 15 },
        { field: 'days', triggerAtHour: 9, triggerAtMinute: 30 },
        { field: 'days', daysInterval: 3, triggerAtHour: 6 },
        { field: 'weeks', weeksInterval: 2, triggerAtDay: [3, 1], triggerAtHour: 8 },
        { field: 'months', monthsInterval: 1, triggerAtDayOfMonth: 15, triggerAtHour: 12 },
        { field: 'cronExpression', expression: ' 0 12 * * 1-5 ' },
        {},
      ]),
    ).toEqual([
      { index: 0, cron: '*/10 * * * * *' },
      { index: 1, cron: '0 15 */2 * * *', recurrence: { unit: 'hours', size: 2 } },
      { index: 2, cron: '0 30 9 * * *' },
      { index: 3, cron: '0 0 6 * * *', recurrence: { unit: 'days', size: 3 } },
      { index: 4, cron: '0 0 8 * * 1,3', recurrence: { unit: 'weeks', size: 2 } },
      { index: 5, cron: '0 0 12 15 */1 *' },
      { index: 6, cron: '0 12 * * 1-5' },
      { index: 7, cron: '0 0 0 * * *' },
    ]);
  });

  it('defaults to one daily rule at midnight when the node has no rule', () => {
    expect(readScheduleRules(workflow, node(undefined), 'UTC')).toEqual([{ index: 0, cron: '0 0 0 * * *' }]);
  });

  it('refuses an invalid cron expression naming workflow, node and rule', () => {
    expect(refusal([{ field: 'minutes' }, { field: 'cronExpression', expression: '61 * * * *' }])).toBe(
      'Workflow "Nightly": Schedule Trigger node "Schedule": rule 2: invalid cron expression "61 * * * *": Constraint error, got value 61 expected range 0-59',
    );
  });

  it('refuses out-of-range intervals, unknown fields and expressions', () => {
    expect(refusal([{ field: 'minutes', minutesInterval: 0 }])).toBe(
      'Workflow "Nightly": Schedule Trigger node "Schedule": rule 1: minutesInterval must be a whole number from 1 to 59, got 0',
    );
    expect(refusal([{ field: 'fortnights' }])).toBe(
      'Workflow "Nightly": Schedule Trigger node "Schedule": rule 1: field must be one of seconds, minutes, hours, days, weeks, months, cronExpression, got "fortnights"',
    );
    expect(refusal([{ field: 'cronExpression', expression: '={{ $json.cron }}' }])).toBe(
      'Workflow "Nightly": Schedule Trigger node "Schedule": rule 1: expression must be a fixed cron expression, not an n8n expression',
    );
    expect(refusal([{ field: 'weeks', triggerAtDay: [7] }])).toBe(
      'Workflow "Nightly": Schedule Trigger node "Schedule": rule 1: triggerAtDay must list weekdays from 0 (Sunday) to 6 (Saturday), got [7]',
    );
  });
});

describe('schedule slots', () => {
  const daily9 = { index: 0, cron: '0 0 9 * * *' };

  it('computes the next slot in the workflow time zone', () => {
    expect(nextSlot(daily9, 'Europe/Brussels', new Date('2024-01-10T07:00:00Z'))?.toISOString()).toBe('2024-01-10T08:00:00.000Z');
    expect(nextSlot(daily9, 'Europe/Brussels', new Date('2024-07-10T07:30:00Z'))?.toISOString()).toBe('2024-07-11T07:00:00.000Z');
  });

  it('skips slots too close to the last run for every-N-days rules', () => {
    const every3Days = { index: 0, cron: '0 0 9 * * *', recurrence: { unit: 'days' as const, size: 3 } };
    const last = new Date('2024-01-10T09:00:00Z');
    expect(nextSlot(every3Days, 'UTC', last, last)?.toISOString()).toBe('2024-01-13T09:00:00.000Z');
    expect(nextSlot(every3Days, 'UTC', last)?.toISOString()).toBe('2024-01-11T09:00:00.000Z');
  });

  it('lets several weekdays of one week run, then waits N weeks', () => {
    const monday = new Date('2024-01-08T08:00:00Z');
    expect(farEnough('weeks', 2, monday, new Date('2024-01-10T08:00:00Z'), 'UTC')).toBe(true);
    expect(farEnough('weeks', 2, monday, new Date('2024-01-15T08:00:00Z'), 'UTC')).toBe(false);
    expect(farEnough('weeks', 2, monday, new Date('2024-01-22T08:00:00Z'), 'UTC')).toBe(true);
    expect(farEnough('months', 2, monday, new Date('2024-02-08T08:00:00Z'), 'UTC')).toBe(false);
    expect(farEnough('months', 2, monday, new Date('2024-03-01T08:00:00Z'), 'UTC')).toBe(true);
  });

  it('finds only the latest due slot after a floor (one catch-up, not one per missed slot)', () => {
    const every5 = { index: 0, cron: '0 */5 * * * *' };
    const now = new Date('2024-01-10T10:17:30Z');
    expect(latestDueSlot(every5, 'UTC', now, new Date('2024-01-10T08:00:00Z'))?.toISOString()).toBe('2024-01-10T10:15:00.000Z');
    expect(latestDueSlot(every5, 'UTC', now, new Date('2024-01-10T10:15:00Z'))).toBeUndefined();
    expect(latestDueSlot(every5, 'UTC', new Date('2024-01-10T10:15:00Z'), new Date('2024-01-10T10:10:00Z'))?.toISOString()).toBe('2024-01-10T10:15:00.000Z');
  });
});
