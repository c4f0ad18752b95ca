import type { Moment, unitOfTime } from 'moment-timezone';
import { NodeOperationError, errorMessage } from '../../../errors';
import type { Item } from '../../../contracts/run-data';
import type { JsonValue } from '../../../workflow/json';
import type { NodeContext } from '../../../contracts/node-type';
import { readObject, readString } from '../../core/shared/node-helpers';
import { jsNumber, moment } from './parse-date';

/**
 * Date & Time v1 (typeVersion 1): "format" and "calculate" with moment, as n8n's first
 * version does. Dates without a zone are read in the process's local zone (n8n's too); the
 * workflow's zone only counts when a from/to timezone option is set.
 */

const FORMAT_NOT_RECOGNIZED = 'The date input format could not be recognized. Please set the "From Format" field';
const UNRECOGNIZED = 'Unrecognized date input. Please specify a format in the "From Format" field.';
const NOT_PARSABLE = 'Date input cannot be parsed. Please recheck the value and the "From Format" field.';

type MomentInput = string | number;

function optionText(options: Record<string, JsonValue>, key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function formatValue(ctx: NodeContext, itemIndex: number): string | undefined {
  let value = ctx.getParam<JsonValue | undefined>('value', itemIndex, '');
  const toFormat = ctx.getParam<JsonValue | undefined>('toFormat', itemIndex, undefined);
  const custom = ctx.getParam<JsonValue | undefined>('custom', itemIndex, false) === true;
  const format = toFormat === undefined ? (custom ? '' : 'MM/DD/YYYY') : String(toFormat);
  const options = readObject(ctx, 'options', itemIndex);
  if (!Number.isNaN(jsNumber(value))) {
    value = jsNumber(value);
    if (!Number.isInteger(value)) value = value * 1000;
  }
  if (value === undefined) return undefined;
  const input = value as MomentInput;
  const fromFormat = optionText(options, 'fromFormat');
  if (options.fromFormat === undefined && !moment()(input).isValid()) {
    throw new NodeOperationError(ctx.node.name, FORMAT_NOT_RECOGNIZED, { itemIndex });
  }
  const fromTimezone = optionText(options, 'fromTimezone');
  const toTimezone = optionText(options, 'toTimezone');
  let date: Moment;
  if (typeof input === 'number' && Number.isInteger(input)) {
    date = input.toString().length < 12 ? moment().unix(input) : moment()(input);
  } else if (fromTimezone || toTimezone) {
    const zone = fromTimezone ?? ctx.timezone;
    date = fromFormat ? moment().tz(input as string, fromFormat, zone) : moment().tz(input as string, zone);
  } else {
    date = fromFormat ? moment()(input, fromFormat) : moment()(input);
  }
  if (toTimezone || fromTimezone) date = date.tz(toTimezone ?? ctx.timezone);
  return date.format(format);
}

/** new Date(value).toISOString(), which throws for an invalid date, as n8n's getIsoValue. */
function isoValue(value: JsonValue | undefined): string {
  try {
    return new Date(value as unknown as string).toISOString();
  } catch {
    throw new Error(UNRECOGNIZED);
  }
}

function calculateValue(ctx: NodeContext, itemIndex: number): string {
  const value = ctx.getParam<JsonValue | undefined>('value', itemIndex, '');
  const operation = readString(ctx, 'operation', itemIndex, 'add');
  const duration = ctx.getParam<JsonValue | undefined>('duration', itemIndex, 0);
  const unit = readString(ctx, 'timeUnit', itemIndex, 'days') as unitOfTime.DurationConstructor;
  const fromFormat = optionText(readObject(ctx, 'options', itemIndex), 'fromFormat');
  let date: Moment;
  if (fromFormat) {
    date = moment()(value as MomentInput, fromFormat, true);
    if (!moment()(date).isValid()) throw new Error(NOT_PARSABLE);
  } else {
    const iso = isoValue(value);
    if (!moment()(iso).isValid()) throw new Error(UNRECOGNIZED);
    date = moment()(iso);
  }
  const amount = duration as unknown as number;
  if (operation === 'add') date.add(amount, unit);
  else date.subtract(amount, unit);
  return date.toISOString();
}

export function runDateTimeV1(ctx: NodeContext): Item[] {
  const output: Item[] = [];
  ctx.getInputItems().forEach((item, itemIndex) => {
    try {
      const action = readString(ctx, 'action', 0, 'format');
      let value: string | undefined;
      if (action === 'format') {
        value = formatValue(ctx, itemIndex);
        if (value === undefined) return;
      } else if (action === 'calculate') {
        value = calculateValue(ctx, itemIndex);
      } else {
        return;
      }
      const dataPropertyName = readString(ctx, 'dataPropertyName', itemIndex, 'data');
      // n8n sets the field with lodash set and a one-element path: a dotted name is one key.
      const json = dataPropertyName.includes('.') ? structuredClone(item.json) : { ...item.json };
      json[dataPropertyName] = value;
      const newItem: Item = { json, pairedItem: { item: itemIndex } };
      if (item.binary !== undefined) newItem.binary = item.binary;
      output.push(newItem);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
    }
  });
  return output;
}
