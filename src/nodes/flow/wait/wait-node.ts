import { NodeOperationError } from '../../../errors';
import type { JsonValue } from '../../../workflow/json';
import type { NodeContext, NodeResult, NodeTypeDefinition, WaitRequest } from '../../../contracts/node-type';
import { intervalMs, isWaitUnit, parseDateTime, toAmount } from './wait-time';
import { isWebhookAuthKind, optionalText, readWebhookResponseConfig } from '../../webhook';
import { WAIT_WEBHOOK_STATE_KEY, toStateValue, type WaitWebhookConfig } from './webhook-config';
import { FORM_PAGE_STATE_KEY, nodeFormFields, pageTexts, parkOnForm } from '../../form';

/**
 * n8n's Wait node (v1, v1.1). Every mode parks the run through a WaitRequest: the service
 * saves it first, so even a 3-second wait survives a restart (n8n keeps waits under 65 s in
 * memory only). The resumed node outputs its input (timed) or the webhook call (webhook).
 */
async function execute(ctx: NodeContext): Promise<NodeResult> {
  const resume = ctx.getParam<JsonValue>('resume', 0, 'timeInterval');
  if (resume !== 'webhook') delete ctx.nodeState[WAIT_WEBHOOK_STATE_KEY];
  if (resume !== 'form') delete ctx.nodeState[FORM_PAGE_STATE_KEY];
  switch (resume) {
    case 'timeInterval':
      return { kind: 'wait', until: new Date(Date.now() + timeIntervalMs(ctx)) };
    case 'specificTime':
      return { kind: 'wait', until: dateParameter(ctx, 'dateTime') };
    case 'webhook':
      return webhookWait(ctx);
    case 'form':
      // Served at /form-waiting/<executionId>; the submitted fields become the node's output.
      parkOnForm(ctx, { kind: 'page', ...pageTexts(ctx, ctx.node.name), fields: nodeFormFields(ctx) });
      return { kind: 'wait', until: waitLimit(ctx) };
    default:
      throw new NodeOperationError(
        ctx.node.name,
        `Unknown resume mode "${String(resume)}": use timeInterval, specificTime or webhook`,
      );
  }
}

/** v1 waits 1 hour by default, v1.1 5 seconds (n8n changed the defaults, not the meaning). */
function timeIntervalMs(ctx: NodeContext): number {
  const isV1 = ctx.node.typeVersion === 1;
  const unit = ctx.getParam<JsonValue>('unit', 0, isV1 ? 'hours' : 'seconds');
  if (!isWaitUnit(unit)) {
    throw new NodeOperationError(ctx.node.name, "Invalid wait unit. Valid units are 'seconds', 'minutes', 'hours', or 'days'.");
  }
  const amount = toAmount(ctx.getParam<JsonValue>('amount', 0, isV1 ? 1 : 5));
  if (Number.isNaN(amount) || amount < 0) {
    throw new NodeOperationError(ctx.node.name, 'Invalid wait amount. It must be a positive number.');
  }
  return intervalMs(amount, unit);
}


function dateParameter(ctx: NodeContext, name: 'dateTime' | 'maxDateAndTime'): Date {
  const date = parseDateTime(ctx.getParam<JsonValue>(name, 0, ''), ctx.timezone);
  if (date === undefined) {
    throw new NodeOperationError(
      ctx.node.name,
      `Cannot put execution to wait because \`${name}\` parameter is not a valid date. Please pick a specific date and time to wait until.`,
    );
  }
  return date;
}

/** n8n's configureAndPutToWait: wait for the call, for ever unless a limit is set. */
function webhookWait(ctx: NodeContext): WaitRequest {
  const config = webhookConfig(ctx);
  ctx.nodeState[WAIT_WEBHOOK_STATE_KEY] = toStateValue(config);
  return {
    kind: 'wait',
    until: waitLimit(ctx),
    resumeOnWebhook: {
      httpMethod: config.httpMethods[0],
      authentication: config.authentication,
      onTimeout: config.onTimeout,
      responseMode: config.responseMode,
    },
  };
}

function waitLimit(ctx: NodeContext): Date | undefined {
  if (ctx.getParam<JsonValue>('limitWaitTime', 0, false) !== true) return undefined;
  if (ctx.getParam<JsonValue>('limitType', 0, 'afterTimeInterval') === 'atSpecifiedTime') {
    return dateParameter(ctx, 'maxDateAndTime');
  }
  const unit = ctx.getParam<JsonValue>('resumeUnit', 0, 'hours');
  const amount = toAmount(ctx.getParam<JsonValue>('resumeAmount', 0, 1));
  if (!isWaitUnit(unit) || Number.isNaN(amount) || amount < 0) {
    throw new NodeOperationError(
      ctx.node.name,
      `Invalid wait limit: "resumeAmount" must be a positive number and "resumeUnit" one of seconds, minutes, hours, days (got ${String(amount)} ${String(unit)})`,
    );
  }
  return new Date(Date.now() + intervalMs(amount, unit));
}

function webhookConfig(ctx: NodeContext): WaitWebhookConfig {
  const read = (path: string): JsonValue | undefined => ctx.getParam<JsonValue | undefined>(path, 0, undefined);
  const fail = (message: string, field: string): never => {
    throw new NodeOperationError(ctx.node.name, `Invalid webhook parameter "${field}": ${message}`);
  };
  const authentication = read('incomingAuthentication') ?? 'none';
  if (!isWebhookAuthKind(authentication)) {
    throw new NodeOperationError(
      ctx.node.name,
      `Webhook authentication "${String(authentication)}" is not supported by this service: use none, basicAuth, headerAuth or jwtAuth`,
    );
  }
  const method = ctx.getRawParam('httpMethod') === undefined ? undefined : String(read('httpMethod') ?? 'GET').toUpperCase();
  return {
    ...readWebhookResponseConfig(read, fail),
    httpMethods: method === undefined ? ['GET', 'POST'] : [method],
    authentication,
    suffix: (optionalText(read('options.webhookSuffix')) ?? '').replace(/^\/+|\/+$/g, ''),
    ignoreBots: read('options.ignoreBots') === true,
    onTimeout: 'resume',
  };
}

export const waitNode: NodeTypeDefinition = {
  type: 'n8n-nodes-base.wait',
  aliases: ['wait'],
  displayName: 'Wait',
  versions: [1, 1.1],
  execute,
};
