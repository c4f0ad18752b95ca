import { AutomatorError, errorMessage } from '../errors';
import type { Item } from '../contracts/run-data';
import type { ResumeOptions, StartedExecution } from '../executions/execution-service';
import type { ResumeTokens } from '../executions/resume-tokens';
import type { LogSink } from '../logging/logger';
import type { WaitWebhookConfig } from '../nodes/flow';
import {
  afterRunReply,
  AUTH_WRONG,
  checkWebhookAuth,
  inlineCredentials,
  jsonReply,
  looksLikeBot,
  MISSING_AUTH_DATA,
  onReceivedReply,
  resolveWebhookAuth,
  ResponseChannel,
  runFailed,
  type CredentialLookup,
  type RequestHeaders,
  type WebhookReply,
} from '../nodes/webhook';
import type { ExecutionRecord, ExecutionStore, StoredExecutionStatus } from '../store/types';
import type { JsonObject, JsonValue } from '../workflow/json';
import { parkedNode } from './parked-node';

/** One call to `/webhook-waiting/:executionId[/:suffix]`, as the HTTP layer parsed it. */
export interface ResumeRequest {
  executionId: string;
  method: string;
  /** The path after the execution id (the Wait node's webhook suffix), if any. */
  suffix?: string;
  /** The parsed query string; `signature` carries the resume token. */
  query: Record<string, unknown>;
  headers: RequestHeaders;
  /** The parsed body (JSON, form or text); undefined for none. */
  body?: unknown;
  rawBody?: Buffer;
}

export interface ResumeWebhookDeps {
  service: { resume(executionId: string, items?: Item[], options?: ResumeOptions): Promise<StartedExecution> };
  executions: Pick<ExecutionStore, 'get'>;
  resumeTokens: ResumeTokens;
  /** Base of the resume URLs, without a trailing slash (the item's `webhookUrl`). */
  publicUrl: string;
  /** Where Basic/Header auth secrets come from; the node's inline credentials by default. */
  credentials?: CredentialLookup;
  logger?: Pick<LogSink, 'warn'>;
}

export type ResumeWebhookHandler = (request: ResumeRequest) => Promise<WebhookReply>;

function errorReply(statusCode: number, code: string, message: string): WebhookReply {
  return jsonReply(statusCode, { success: false, error: { code, message } });
}

/** n8n's answers for an execution that cannot be resumed any more. */
const NOT_WAITING: Record<Exclude<StoredExecutionStatus, 'waiting'>, string> = {
  queued: 'is running already',
  running: 'is running already',
  success: 'has finished already',
  error: 'has finished with error',
  cancelled: 'was cancelled',
  crashed: 'has crashed',
};

/**
 * `signature=<token>/approve` is what `{{$execution.resumeUrl}}/approve` gives: the token
 * comes first in our resume URLs, so a suffix the workflow appends lands in the query.
 */
function splitSignature(request: ResumeRequest): { token: string | undefined; suffix: string } {
  const raw = request.query.signature;
  const signature = Array.isArray(raw) ? raw[0] : raw;
  const suffix = (request.suffix ?? '').replace(/^\/+|\/+$/g, '');
  if (typeof signature !== 'string') return { token: undefined, suffix };
  const slash = signature.indexOf('/');
  if (slash < 0) return { token: signature, suffix };
  return { token: signature.slice(0, slash), suffix: suffix || signature.slice(slash + 1).replace(/\/+$/, '') };
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return {};
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** The Wait node's output: n8n's webhook item (headers, params, query, body, webhookUrl, executionMode). */
function resumeItem(deps: ResumeWebhookDeps, request: ResumeRequest, record: ExecutionRecord): Item {
  const { signature: _signature, ...query } = request.query;
  const headers: JsonObject = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name.toLowerCase()] = value;
  return {
    json: {
      headers,
      params: {},
      query: toJson(query),
      body: toJson(request.body),
      webhookUrl: `${deps.publicUrl}/webhook-waiting/${record.id}`,
      executionMode: record.mode === 'manual' ? 'test' : 'production',
    },
  };
}

/**
 * Builds the handler for the resume route. Order of checks: the signed token (403, so a
 * guessed id learns nothing), the execution's state (404/409, n8n's messages), the parked
 * node's method, suffix and auth, then one resume and the answer its response mode asks for.
 */
export function createResumeWebhookHandler(deps: ResumeWebhookDeps): ResumeWebhookHandler {
  const lookup = deps.credentials ?? inlineCredentials;
  return async (request) => {
    const id = request.executionId;
    const { token, suffix } = splitSignature(request);
    if (!deps.resumeTokens.verify(id, token)) {
      return errorReply(403, 'forbidden', `The resume URL of execution "${id}" has a missing or invalid signature`);
    }
    const record = await deps.executions.get(id);
    if (record === undefined) return errorReply(404, 'not_found', `The execution "${id}" does not exist`);
    if (record.status !== 'waiting') return errorReply(409, 'conflict', `The execution "${id}" ${NOT_WAITING[record.status]}`);
    const parked = parkedNode(record);
    const config = parked?.webhook;
    if (config === undefined || !config.httpMethods.includes(request.method.toUpperCase()) || config.suffix !== suffix) {
      return errorReply(404, 'not_found', `The workflow for execution "${id}" does not contain a waiting webhook with a matching path/method`);
    }
    if (config.ignoreBots && looksLikeBot(request.headers)) return AUTH_WRONG();
    // Secrets come from the node in the run's own workflow snapshot, looked up per call.
    const auth = await resolveWebhookAuth(config.authentication, parked?.json, lookup);
    if (auth === undefined) return MISSING_AUTH_DATA();
    const denied = checkWebhookAuth(auth, request.headers);
    if (denied) return denied;
    return resumeAndReply(deps, config, record, resumeItem(deps, request, record));
  };
}

async function resumeAndReply(deps: ResumeWebhookDeps, config: WaitWebhookConfig, record: ExecutionRecord, item: Item): Promise<WebhookReply> {
  const channel = config.responseMode === 'responseNode' ? new ResponseChannel() : undefined;
  let started: StartedExecution;
  try {
    started = await deps.service.resume(record.id, [item], channel ? { services: { webhookResponse: channel } } : {});
  } catch (error) {
    // Another call or the wait limit got there first.
    if (error instanceof AutomatorError && (error.code === 'conflict' || error.code === 'not_found')) {
      return errorReply(error.code === 'conflict' ? 409 : 404, error.code, errorMessage(error));
    }
    throw error;
  }
  if (config.responseMode === 'onReceived') {
    void started.done.catch((error) => deps.logger?.warn('resumed execution failed to finish', { executionId: record.id, error: errorMessage(error) }));
    return onReceivedReply(config);
  }
  const finished = started.done.then(() => deps.executions.get(record.id));
  if (channel) {
    const first = await Promise.race([channel.reply, finished.then(() => undefined)]);
    if (first !== undefined) return first;
    // A Respond to Webhook node may have answered as the run ended.
    if (channel.sent) return channel.reply;
  }
  const ended = await finished;
  return afterRunReply(config, ended?.data, ended === undefined || runFailed(ended.status, ended.data));
}
