import { CronExpressionParser } from 'cron-parser';
import { WorkflowValidationError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../workflow/json';
import type { Workflow, WorkflowNode } from '../../workflow/types';

export type RecurrenceUnit = 'hours' | 'days' | 'weeks' | 'months';

/**
 * One rule of a Schedule Trigger as a cron expression (with seconds) plus, for "every N
 * days/weeks/months", the distance that must separate two runs: cron cannot say "every 3
 * days", so like n8n we fire on the cron and skip slots too close to the last run.
 */
export interface ScheduleRule {
  /** Position in `rule.interval`, part of the slot key. */
  index: number;
  cron: string;
  recurrence?: { unit: RecurrenceUnit; size: number };
}

type Fail = (message: string) => never;

function isExpression(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && value.startsWith('=');
}

function integerIn(interval: JsonObject, name: string, fallback: number, min: number, max: number, fail: Fail): number {
  const raw = interval[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (isExpression(raw)) fail(`${name} must be a fixed number, not an expression`);
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value as number;
}

function weekdays(interval: JsonObject, fail: Fail): string {
  const raw = interval.triggerAtDay ?? [0];
  const list = Array.isArray(raw) ? raw : [raw];
  const days = list.map((day) => (typeof day === 'string' && /^\d$/.test(day) ? Number(day) : day));
  if (days.some((day) => typeof day !== 'number' || !Number.isInteger(day) || day < 0 || day > 6)) {
    fail(`triggerAtDay must list weekdays from 0 (Sunday) to 6 (Saturday), got ${JSON.stringify(raw)}`);
  }
  return days.length === 0 ? '*' : [...new Set(days as number[])].sort((a, b) => a - b).join(',');
}

function checkCron(expression: string, timezone: string, fail: Fail): string {
  const trimmed = expression.trim();
  if (trimmed === '') fail('cronExpression is empty');
  try {
    // next() as well: "30 2 * *"-like dates that never come only fail when looked for.
    CronExpressionParser.parse(trimmed, { tz: timezone }).next();
  } catch (error) {
    fail(`invalid cron expression "${trimmed}": ${(error as Error).message}`);
  }
  return trimmed;
}

/**
 * n8n's toCronExpression, with one deliberate difference: where n8n picks a stable
 * pseudo-random second (and minute/hour when unset), we use 0, n8n's displayed defaults,
 * so that runs happen when the editor says and Odoo's minute tick finds them due.
 */
function toRule(interval: JsonObject, index: number, timezone: string, fail: Fail): ScheduleRule {
  const field = interval.field ?? 'days';
  if (field === 'cronExpression') {
    if (isExpression(interval.expression)) fail('expression must be a fixed cron expression, not an n8n expression');
    if (typeof interval.expression !== 'string') fail('cronExpression rules need an "expression"');
    return { index, cron: checkCron(interval.expression as string, timezone, fail) };
  }
  const every = (name: string, fallback: number, max: number) => integerIn(interval, name, fallback, 1, max, fail);
  if (field === 'seconds') return { index, cron: `*/${every('secondsInterval', 30, 59)} * * * * *` };
  if (field === 'minutes') return { index, cron: `0 */${every('minutesInterval', 5, 59)} * * * *` };
  const minute = integerIn(interval, 'triggerAtMinute', 0, 0, 59, fail);
  const withRecurrence = (rule: ScheduleRule, unit: RecurrenceUnit, size: number): ScheduleRule => (size === 1 ? rule : { ...rule, recurrence: { unit, size } });
  if (field === 'hours') {
    const size = every('hoursInterval', 1, 23);
    return withRecurrence({ index, cron: `0 ${minute} */${size} * * *` }, 'hours', size);
  }
  const hour = integerIn(interval, 'triggerAtHour', 0, 0, 23, fail);
  if (field === 'days') return withRecurrence({ index, cron: `0 ${minute} ${hour} * * *` }, 'days', every('daysInterval', 1, 31));
  if (field === 'weeks') {
    return withRecurrence({ index, cron: `0 ${minute} ${hour} * * ${weekdays(interval, fail)}` }, 'weeks', every('weeksInterval', 1, 52));
  }
  if (field === 'months') {
    const size = every('monthsInterval', 1, 12);
    const day = integerIn(interval, 'triggerAtDayOfMonth', 1, 1, 31, fail);
    return withRecurrence({ index, cron: `0 ${minute} ${hour} ${day} */${size} *` }, 'months', size);
  }
  return fail(`field must be one of seconds, minutes, hours, days, weeks, months, cronExpression, got ${JSON.stringify(field)}`);
}

/** Reads a Schedule Trigger's rules; a bad rule is refused naming the node and the rule. */
export function readScheduleRules(workflow: Workflow, node: WorkflowNode, timezone: string): ScheduleRule[] {
  const failFor =
    (rule?: number): Fail =>
    (message) => {
      const where = rule === undefined ? '' : ` rule ${rule + 1}:`;
      throw new WorkflowValidationError(`Workflow "${workflow.name}": Schedule Trigger node "${node.name}":${where} ${message}`, {
        workflow: workflow.name,
        node: node.name,
        field: rule === undefined ? 'rule' : `rule.interval.${rule}`,
      });
    };
  const rule = node.parameters.rule ?? { interval: [{ field: 'days' }] };
  if (!isJsonObject(rule) || !Array.isArray(rule.interval)) failFor()('parameter "rule" must be {"interval": [...]}');
  const intervals = (rule as JsonObject).interval as JsonValue[];
  if (intervals.length === 0) failFor()('has no rule in "rule.interval"');
  return intervals.map((interval, index) => {
    if (!isJsonObject(interval)) return failFor(index)('must be an object');
    return toRule(interval, index, timezone, failFor(index));
  });
}
