import type { Readable } from 'node:stream';
import type { BinaryData, Item, RunExecutionData, TaskData } from '../../contracts/run-data';
import { isJsonObject, type JsonValue } from '../../workflow/json';
import type { WebhookConfig } from './webhook-config';
import { NO_LAST_NODE_DATA, WORKFLOW_ERROR, jsonReply, type WebhookHttpReply } from './webhook-reply';

function lastTask(data: RunExecutionData): TaskData | undefined {
  const name = data.resultData.lastNodeExecuted;
  const runs = name === undefined ? undefined : data.resultData.runData[name];
  return runs?.[runs.length - 1];
}

/** n8n checks only the first output of the last node (webhooks, not chat triggers). */
function firstOutput(task: TaskData): Item[] {
  return task.data?.main[0] ?? [];
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

/** The answer of a `lastNode` webhook once its run ended (n8n's extractWebhookLastNodeResponse). */
export async function lastNodeReply(
  config: WebhookConfig,
  data: RunExecutionData,
  failed: boolean,
  openBinary: (binary: BinaryData) => Promise<Readable | Buffer> = async (binary) => Buffer.from(binary.data, 'base64'),
): Promise<WebhookHttpReply> {
  const headers = config.responseHeaders;
  const task = lastTask(data);
  if (failed || data.resultData.error !== undefined || task?.error !== undefined) return jsonReply(500, WORKFLOW_ERROR);
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
      const binary = first.binary?.[config.responseBinaryPropertyName];
      if (first.binary === undefined) return jsonReply(500, { message: 'No binary data was found to return' });
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

/** The answer of an `onReceived` webhook: n8n's message, the custom text, or nothing. */
export function onReceivedReply(config: WebhookConfig): WebhookHttpReply {
  if (config.noResponseBody) return { statusCode: config.responseCode, headers: config.responseHeaders, body: undefined };
  if (config.onReceivedData !== undefined) return { statusCode: config.responseCode, headers: config.responseHeaders, body: config.onReceivedData };
  return jsonReply(config.responseCode, { message: 'Workflow was started' }, config.responseHeaders);
}
