import { CronExpressionParser } from 'cron-parser';
import { NodeOperationError } from '../../../errors';
import type { JsonObject } from '../../../workflow/json';
import type { NodeContext, NodeTypeDefinition } from '../../../contracts/node-type';
import { isJsonObjectValue } from '../shared/json-values';
import { workflowTimezone } from '../shared/node-helpers';
import { scheduleItem } from './schedule-item';
import { startedWithoutData, triggerItems } from './trigger-input';

/**
 * n8n's Schedule Trigger. Timers and `/schedules/tick` live in the trigger system; a run
 * started without data (by hand, or by a tick that passes none) gets n8n's time item.
 * As in n8n a manual run refuses invalid intervals (v1.3 on) and cron expressions.
 */

const RANGES: Record<string, { key: string; min: number; max?: number; message: string }> = {
  seconds: { key: 'secondsInterval', min: 1, max: 59, message: 'Seconds must be in range 1-59' },
  minutes: { key: 'minutesInterval', min: 1, max: 59, message: 'Minutes must be in range 1-59' },
  hours: { key: 'hoursInterval', min: 1, max: 23, message: 'Hours must be in range 1-23' },
  days: { key: 'daysInterval', min: 1, max: 31, message: 'Days must be in range 1-31' },
  months: { key: 'monthsInterval', min: 1, message: 'Months must be larger than 0' },
};

export function scheduleIntervals(parameters: JsonObject): JsonObject[] {
  const rule = isJsonObjectValue(parameters.rule) ? parameters.rule : {};
  const intervals = Array.isArray(rule.interval) ? rule.interval : [{}];
  return intervals.map((interval) => (isJsonObjectValue(interval) ? interval : {}));
}

/** n8n's validateInterval: the description names the limit that was broken. */
export function intervalProblem(interval: JsonObject): string | undefined {
  const field = typeof interval.field === 'string' ? interval.field : 'days';
  const range = RANGES[field];
  if (!range || interval[range.key] === undefined) return undefined;
  const value = Number(interval[range.key]);
  if (value < range.min || (range.max !== undefined && value > range.max)) return range.message;
  return undefined;
}

export function cronProblem(interval: JsonObject): boolean {
  if (interval.field !== 'cronExpression') return false;
  try {
    CronExpressionParser.parse(String(interval.expression ?? '').trim());
    return false;
  } catch {
    return true;
  }
}

function checkRules(ctx: NodeContext): void {
  const intervals = scheduleIntervals(ctx.node.parameters);
  if (ctx.node.typeVersion >= 1.3) {
    intervals.forEach((interval, itemIndex) => {
      const problem = intervalProblem(interval);
      if (problem) throw new NodeOperationError(ctx.node.name, 'Invalid interval', { itemIndex, description: problem });
    });
  }
  if (cronProblem(intervals[0])) {
    throw new NodeOperationError(ctx.node.name, 'Invalid cron expression', {
      description: 'More information on how to build them at https://crontab.guru/',
    });
  }
}

export const scheduleTriggerNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.scheduleTrigger',
  aliases: ['scheduleTrigger', 'cron'],
  displayName: 'Schedule Trigger',
  versions: [1, 1.1, 1.2, 1.3, 1.4],
  isTrigger: true,
  inputs: () => 0,
  execute: async (ctx) => {
    if (!startedWithoutData(ctx)) return [triggerItems(ctx)];
    checkRules(ctx);
    return [[{ json: scheduleItem(new Date(), workflowTimezone(ctx)) }]];
  },
};
