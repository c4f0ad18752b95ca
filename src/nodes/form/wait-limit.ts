import { NodeOperationError } from '../../errors';
import type { JsonValue } from '../../workflow/json';
import type { NodeContext } from '../../contracts/node-type';

const UNIT_SECONDS: Record<string, number> = { minutes: 60, hours: 60 * 60, days: 60 * 60 * 24 };

/**
 * The Form node's "Limit Wait Time" (n8n's configureWaitTillDate on the node's root
 * parameters): after an interval of minutes, hours or days (any other unit counts seconds, as
 * n8n's arithmetic does), or at a date read as JavaScript's Date does. Undefined when the node
 * waits without a limit. When the limit passes first, the run goes on with the node's input.
 */
export function formWaitLimit(ctx: NodeContext): Date | undefined {
  if (ctx.getParam<JsonValue>('limitWaitTime', 0, false) !== true) return undefined;
  let until: Date;
  if (ctx.getParam<JsonValue>('limitType', 0, 'afterTimeInterval') === 'afterTimeInterval') {
    const amount = Number(ctx.getParam<JsonValue>('resumeAmount', 0, 1));
    const unit = String(ctx.getParam<JsonValue>('resumeUnit', 0, 'hours'));
    until = new Date(Date.now() + amount * (UNIT_SECONDS[unit] ?? 1) * 1000);
  } else {
    const at = ctx.getParam<JsonValue>('maxDateAndTime', 0, '');
    until = new Date(typeof at === 'string' || typeof at === 'number' ? at : Number.NaN);
  }
  if (Number.isNaN(until.getTime())) {
    throw new NodeOperationError(ctx.node.name, 'Could not configure Limit Wait Time', { description: 'Invalid date format' });
  }
  return until;
}
