import type { WaitWebhookConfig } from '../nodes/flow';
import type { WebhookReply } from '../contracts/node-services';
import type { ExecutionRecord } from '../store/types';
import { isJsonObject, type JsonValue } from '../workflow/json';

const JSON_TYPE = 'application/json; charset=utf-8';

function withHeaders(config: WaitWebhookConfig, reply: WebhookReply): WebhookReply {
  const headers: Record<string, string> = { ...reply.headers };
  for (const entry of config.responseHeaders) headers[entry.name.toLowerCase()] = entry.value;
  return { ...reply, headers };
}

function json(statusCode: number, body: JsonValue): WebhookReply {
  return { statusCode, headers: { 'content-type': JSON_TYPE }, body };
}

/** "Immediately": n8n answers before the run goes on, with the option's text or its default message. */
export function onReceivedReply(config: WaitWebhookConfig): WebhookReply {
  if (config.onReceivedData !== undefined) {
    return withHeaders(config, { statusCode: config.responseCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: config.onReceivedData });
  }
  return withHeaders(config, json(config.responseCode, { message: 'Workflow was started' }));
}

/** When a run in "respond with a Respond to Webhook node" mode ends without one answering. */
export function noResponseNodeReply(config: WaitWebhookConfig, record: ExecutionRecord | undefined): WebhookReply {
  if (record === undefined || failed(record)) return json(500, { message: 'Error in workflow' });
  return withHeaders(config, json(config.responseCode, { message: 'Workflow executed successfully' }));
}

function failed(record: ExecutionRecord): boolean {
  return ['error', 'crashed', 'cancelled'].includes(record.status) || record.data.resultData.error !== undefined;
}

function readPath(value: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of path.split('.')) {
    if (!isJsonObject(current) && !Array.isArray(current)) return undefined;
    current = isJsonObject(current) ? current[key] : current[Number(key)];
  }
  return current;
}

/** "When last node finishes": n8n's answers from the last node's output, or its error messages. */
export function lastNodeReply(config: WaitWebhookConfig, record: ExecutionRecord | undefined): WebhookReply {
  if (record === undefined || failed(record)) return json(500, { message: 'Error in workflow' });
  const result = record.data.resultData;
  const runs = result.lastNodeExecuted !== undefined ? result.runData[result.lastNodeExecuted] : undefined;
  const task = runs?.[runs.length - 1];
  if (task?.data === undefined) {
    return withHeaders(config, json(config.responseCode, { message: 'Workflow executed successfully but the last node did not return any data' }));
  }
  const items = task.data.main[0] ?? [];
  switch (config.responseData) {
    case 'noData':
      return withHeaders(config, { statusCode: config.responseCode, headers: {}, body: undefined });
    case 'allEntries':
      return withHeaders(config, json(config.responseCode, items.map((item) => item.json)));
    case 'firstEntryBinary': {
      const first = items[0];
      if (first === undefined) return json(500, { message: 'No item was found to return' });
      const binary = first.binary?.[config.responseBinaryPropertyName];
      if (binary === undefined) {
        return json(500, { message: `The binary property '${config.responseBinaryPropertyName}' which should be returned does not exist` });
      }
      return withHeaders(config, { statusCode: config.responseCode, headers: { 'content-type': binary.mimeType }, body: Buffer.from(binary.data, 'base64') });
    }
    default: {
      const first = items[0];
      if (first === undefined) return json(500, { message: 'No item to return got found' });
      const data = config.responsePropertyName !== undefined ? readPath(first.json, config.responsePropertyName) : first.json;
      if (config.responseContentType === undefined) return withHeaders(config, json(config.responseCode, data ?? null));
      const body = typeof data === 'string' ? data : JSON.stringify(data ?? null);
      return withHeaders(config, { statusCode: config.responseCode, headers: { 'content-type': config.responseContentType }, body });
    }
  }
}
