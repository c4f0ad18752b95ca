import { DateTime, type DateTimeUnit, type DurationLikeObject } from 'luxon';
import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { readBoolean, readObject, readString, toNodeError } from '../../core/shared/node-helpers';
import { parseDateV2 } from './parse-date';

/** Date & Time v2 (n8n-nodes-base.dateTime typeVersion 2): one operation per node. */

type Operation = (ctx: NodeContext, itemIndex: number, timezone: string) => JsonValue;

function param(ctx: NodeContext, name: string, itemIndex: number, fallback: JsonValue): JsonValue {
  return ctx.getParam<JsonValue | undefined>(name, itemIndex, undefined) ?? fallback;
}

/** luxon reads unit amounts with Number() and refuses text that is not a number, as n8n gets it. */
function amount(unit: string, value: JsonValue): DurationLikeObject {
  return { [unit]: value as unknown as number };
}

const getCurrentDate: Operation = (ctx, itemIndex, workflowZone) => {
  const includeTime = readBoolean(ctx, 'includeTime', itemIndex, true);
  const zoneOption = readObject(ctx, 'options', itemIndex).timezone;
  const zone = typeof zoneOption === 'string' && zoneOption !== '' ? zoneOption : workflowZone;
  const now = DateTime.now().setZone(zone);
  if (now.invalidReason === 'unsupported zone') {
    throw new NodeOperationError(ctx.node.name, `The timezone ${zone} is not valid. Please check the timezone.`);
  }
  return (includeTime ? now : now.startOf('day')).toString();
};

function shift(direction: 'plus' | 'minus'): Operation {
  return (ctx, itemIndex, timezone) => {
    const date = parseDateV2(param(ctx, 'magnitude', itemIndex, ''), { timezone });
    const change = amount(readString(ctx, 'timeUnit', itemIndex, 'days'), param(ctx, 'duration', itemIndex, 0));
    return (direction === 'plus' ? date.plus(change) : date.minus(change)).toString();
  };
}

const formatDate: Operation = (ctx, itemIndex, workflowZone) => {
  const date = ctx.getParam<JsonValue | undefined>('date', itemIndex, '');
  if (date === null || date === undefined) return null;
  const format = readString(ctx, 'format', itemIndex, 'MM/dd/yyyy');
  const options = readObject(ctx, 'options', itemIndex);
  const fromFormat = typeof options.fromFormat === 'string' && options.fromFormat !== '' ? options.fromFormat : undefined;
  const parsed = parseDateV2(date, { timezone: options.timezone ? workflowZone : undefined, fromFormat });
  return parsed.toFormat(format === 'custom' ? readString(ctx, 'customFormat', itemIndex, '') : format);
};

const roundDate: Operation = (ctx, itemIndex, timezone) => {
  const date = parseDateV2(param(ctx, 'date', itemIndex, ''), { timezone });
  const mode = readString(ctx, 'mode', itemIndex, 'roundDown');
  if (mode === 'roundDown') return date.startOf(readString(ctx, 'toNearest', itemIndex, 'month') as DateTimeUnit).toString();
  if (mode === 'roundUp') {
    const to = readString(ctx, 'to', itemIndex, 'month');
    return date.plus(amount(to, 1)).startOf(to as DateTimeUnit).toString();
  }
  return undefined as unknown as JsonValue;
};

const getTimeBetweenDates: Operation = (ctx, itemIndex, timezone) => {
  const start = parseDateV2(param(ctx, 'startDate', itemIndex, ''), { timezone });
  const end = parseDateV2(param(ctx, 'endDate', itemIndex, ''), { timezone });
  const units = param(ctx, 'units', itemIndex, ['day']);
  const duration = end.diff(start, units as DateTimeUnit[]);
  if (readObject(ctx, 'options', itemIndex).isoString) return duration.toString();
  return duration.toObject() as JsonObject;
};

const extractDate: Operation = (ctx, itemIndex, timezone) => {
  const date = parseDateV2(param(ctx, 'date', itemIndex, ''), { timezone });
  const part = readString(ctx, 'part', itemIndex, 'month');
  return part === 'week' ? date.weekNumber : date.get(part as keyof DateTime);
};

const OPERATIONS: Record<string, { run: Operation; output: string }> = {
  getCurrentDate: { run: getCurrentDate, output: 'currentDate' },
  addToDate: { run: shift('plus'), output: 'newDate' },
  subtractFromDate: { run: shift('minus'), output: 'newDate' },
  formatDate: { run: formatDate, output: 'formattedDate' },
  roundDate: { run: roundDate, output: 'roundedDate' },
  getTimeBetweenDates: { run: getTimeBetweenDates, output: 'timeDifference' },
  extractDate: { run: extractDate, output: 'datePart' },
};

export function runDateTimeV2(ctx: NodeContext): Item[] {
  const operationName = readString(ctx, 'operation', 0, 'getCurrentDate');
  const operation = OPERATIONS[operationName];
  const includeInputFields = readBoolean(ctx, 'options.includeInputFields', 0, false);
  const output: Item[] = [];
  ctx.getInputItems().forEach((input, itemIndex) => {
    try {
      const item: Item = includeInputFields ? { json: { ...input.json }, binary: input.binary } : { json: {} };
      if (item.binary === undefined) delete item.binary;
      item.pairedItem = { item: itemIndex };
      // An unknown operation outputs nothing for the item, as n8n's if-chain does.
      if (!operation) return;
      const value = operation.run(ctx, itemIndex, ctx.timezone);
      // A field set to undefined vanishes from the JSON, as it does in n8n's stored run data.
      if (value !== undefined) item.json[readString(ctx, 'outputFieldName', itemIndex, operation.output)] = value;
      output.push(item);
    } catch (error) {
      if (ctx.continueOnFail()) {
        output.push({ json: { error: errorMessage(error) } });
        return;
      }
      throw toNodeError(ctx, error, { itemIndex });
    }
  });
  return output;
}
