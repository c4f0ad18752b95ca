import type { Readable } from 'node:stream';
import type { BinaryData, Item, RunExecutionData, TaskData } from '../../contracts/run-data';
import { isJsonObject, type JsonValue } from '../../workflow/json';
import type { WebhookReply } from '../../contracts/node-services';
import type { WebhookResponseConfig } from './response-config';

export type { WebhookReply };

/** n8n's answers when the run itself decides nothing else. */
const WORKFLOW_STARTED = { message: 'Workflow was started' } as const;
export const WORKFLOW_ERROR = { message: 'Error in workflow' } as const;
const NO_LAST_NODE_DATA = { message: 'Workflow executed successfully but the last node did not return any data' } as const;
export const RESPONSE_TIMEOUT = { message: 'The workflow did not answer in time' } as const;

/** A JSON answer; the HTTP layer adds `application/json` unless a header says otherwise. */
export function jsonReply(statusCode: number, body: JsonValue, headers: Record<string, string> = {}): WebhookReply {
  return { statusCode, headers, body };
}

/** A plain-text answer, as n8n writes its authentication refusals. */
export function textReply(statusCode: number, text: string, headers: Record<string, string> = {}): WebhookReply {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}

/** Statuses whose run n8n answers with "Error in workflow". */
const FAILED_STATUSES: ReadonlySet<string> = new Set(['error', 'crashed', 'cancelled']);

/** Whether a finished run counts as failed for its webhook caller (n8n: a run error or a failed last node). */
export function runFailed(status: string, data: RunExecutionData | undefined): boolean {
  if (FAILED_STATUSES.has(status)) return true;
  if (data === undefined) return false;
  return data.resultData.error !== undefined || lastTask(data)?.error !== undefined;
}

function lastTask(data: RunExecutionData): TaskData | undefined {
  const name = data.resultData.lastNodeExecuted;
  const runs = name === undefined ? undefined : data.resultData.runData[name];
  return runs?.[runs.length - 1];
}

/** n8n checks only the first output of the last node (webhooks, not chat triggers). */
function firstOutput(task: TaskData): Item[] {
  return task.data?.main?.[0] ?? [];
}

/** lodash `get` over a dotted path, as n8n's responsePropertyName. */
function valueAt(value: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isJsonObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

function withContentType(headers: Record<string, string>, contentType: string | undefined): Record<string, string> {
  return contentType === undefined ? headers : { ...headers, 'content-type': contentType };
}

/** Opens a file for an answer: a stream from the binary store, or the inline bytes. */
export type BinaryOpener = (binary: BinaryData) => Promise<Readable | Buffer>;
const inlineBytes: BinaryOpener = async (binary) => Buffer.from(binary.data, 'base64');

/** The answer of an `onReceived` webhook: n8n's message, the custom text, or nothing. */
export function onReceivedReply(config: WebhookResponseConfig): WebhookReply {
  if (config.noResponseBody) return { statusCode: config.responseCode, headers: config.responseHeaders, body: undefined };
  if (config.onReceivedData !== undefined) return textReply(config.responseCode, config.onReceivedData, config.responseHeaders);
  return jsonReply(config.responseCode, WORKFLOW_STARTED, config.responseHeaders);
}

/**
 * The answer once a run ended, for the modes that wait for it (n8n's executeWebhook after
 * the run): `lastNode` answers from the last node's first output
 * (extractWebhookLastNodeResponse); `responseNode` reaches here only when no Respond to
 * Webhook node answered: the response code with no body. A failed run: 500 "Error in workflow".
 */
export async function afterRunReply(
  config: WebhookResponseConfig,
  data: RunExecutionData | undefined,
  failed: boolean,
  openBinary: BinaryOpener = inlineBytes,
): Promise<WebhookReply> {
  if (failed) return jsonReply(500, WORKFLOW_ERROR);
  if (config.responseMode !== 'lastNode' || data === undefined) return { statusCode: config.responseCode, headers: {}, body: undefined };
  const task = lastTask(data);
  const headers = config.responseHeaders;
  if (task === undefined) return jsonReply(config.responseCode, NO_LAST_NODE_DATA, headers);
  const items = firstOutput(task);
  switch (config.lastNodeData) {
    case 'noData':
      return { statusCode: config.responseCode, headers, body: undefined };
    case 'allEntries':
      return jsonReply(config.responseCode, items.map((item) => item.json), headers);
    case 'firstEntryBinary': {
      const first = items[0];
      if (first === undefined) return jsonReply(500, { message: 'No item was found to return' });
      if (first.binary === undefined) return jsonReply(500, { message: 'No binary data was found to return' });
      const binary = first.binary[config.responseBinaryPropertyName];
      if (binary === undefined) {
        return jsonReply(500, { message: `The binary property '${config.responseBinaryPropertyName}' which should be returned does not exist` });
      }
      return { statusCode: config.responseCode, headers: withContentType(headers, binary.mimeType), body: await openBinary(binary) };
    }
    case 'firstEntryJson': {
      const first = items[0];
      if (first === undefined) return jsonReply(500, { message: 'No item to return was found' });
      const body = config.responsePropertyName === undefined ? first.json : valueAt(first.json, config.responsePropertyName);
      return { statusCode: config.responseCode, headers: withContentType(headers, config.responseContentType), body: body ?? null };
    }
  }
}
