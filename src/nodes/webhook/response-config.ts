import { isJsonObject, type JsonValue } from '../../workflow/json';

export type WebhookResponseMode = 'onReceived' | 'lastNode' | 'responseNode';
export type LastNodeResponseData = 'firstEntryJson' | 'firstEntryBinary' | 'allEntries' | 'noData';

export const RESPONSE_MODES: readonly WebhookResponseMode[] = ['onReceived', 'lastNode', 'responseNode'];
export const LAST_NODE_DATA: readonly LastNodeResponseData[] = ['firstEntryJson', 'firstEntryBinary', 'allEntries', 'noData'];

/**
 * How a webhook answers its caller: the same parameters on n8n's Webhook node and on the
 * Wait node "On Webhook Call" (n8n's Wait node reuses the Webhook node's description).
 */
export interface WebhookResponseConfig {
  responseMode: WebhookResponseMode;
  responseCode: number;
  /** lastNode: which data to answer with (the node's `responseData` parameter). */
  lastNodeData: LastNodeResponseData;
  /** onReceived: custom body text (`options.responseData`). */
  onReceivedData?: string;
  noResponseBody: boolean;
  /** Lower-case names. */
  responseHeaders: Record<string, string>;
  responsePropertyName?: string;
  responseContentType?: string;
  responseBinaryPropertyName: string;
}

/**
 * One parameter by dotted path (`options.responseCode`): raw from the node (the Webhook
 * node, read at activation) or already evaluated (the Wait node, read when it parks).
 */
export type ParameterReader = (path: string) => JsonValue | undefined;

/** Reports an unusable parameter by throwing the caller's typed error (naming node and field). */
export type ParameterFailure = (message: string, field: string) => never;

export function isExpression(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && value.startsWith('=');
}

/** A set, fixed string; an empty string or an unevaluated expression counts as unset. */
export function optionalText(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' && !isExpression(value) ? value : undefined;
}

/** A reader over a plain parameters object (no expression evaluation). */
export function rawParameterReader(parameters: JsonValue): ParameterReader {
  return (path) => {
    let current: JsonValue | undefined = parameters;
    for (const key of path.split('.')) current = isJsonObject(current) ? current[key] : undefined;
    return current;
  };
}

/** n8n's getResponseCode: v1 `responseCode`, v2 `options.responseCode.values`. */
function readResponseCode(read: ParameterReader, fail: ParameterFailure): number {
  let code = read('responseCode');
  const values = read('options.responseCode.values');
  if (code === undefined && isJsonObject(values)) {
    code = values.responseCode === 'customCode' ? values.customCode : (values.customCode ?? values.responseCode);
  }
  if (code === undefined) return 200;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599) {
    fail(`responseCode must be an HTTP status from 100 to 599, got ${JSON.stringify(code)}`, 'responseCode');
  }
  return code as number;
}

/** `options.responseHeaders.entries` ([{name, value}]) as a header map with lower-case names. */
export function headerEntries(entries: JsonValue | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!Array.isArray(entries)) return headers;
  for (const entry of entries) {
    if (isJsonObject(entry) && typeof entry.name === 'string' && entry.name !== '' && entry.value !== undefined && entry.value !== null) {
      headers[entry.name.toLowerCase()] = typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value);
    }
  }
  return headers;
}

/** Reads and checks how a Webhook or Wait node answers; refusals go through `fail`. */
export function readWebhookResponseConfig(read: ParameterReader, fail: ParameterFailure): WebhookResponseConfig {
  const responseMode = (read('responseMode') ?? 'onReceived') as WebhookResponseMode;
  if (!RESPONSE_MODES.includes(responseMode)) {
    fail(`responseMode must be one of ${RESPONSE_MODES.join(', ')}, got ${JSON.stringify(read('responseMode'))}`, 'responseMode');
  }
  const lastNodeData = (optionalText(read('responseData')) ?? 'firstEntryJson') as LastNodeResponseData;
  if (responseMode === 'lastNode' && !LAST_NODE_DATA.includes(lastNodeData)) {
    fail(`responseData must be one of ${LAST_NODE_DATA.join(', ')}, got ${JSON.stringify(read('responseData'))}`, 'responseData');
  }
  const config: WebhookResponseConfig = {
    responseMode,
    responseCode: readResponseCode(read, fail),
    lastNodeData,
    noResponseBody: read('options.noResponseBody') === true,
    responseHeaders: headerEntries(read('options.responseHeaders.entries')),
    responseBinaryPropertyName: optionalText(read('responseBinaryPropertyName')) ?? 'data',
  };
  const onReceivedData = optionalText(read('options.responseData'));
  if (onReceivedData !== undefined) config.onReceivedData = onReceivedData;
  const propertyName = optionalText(read('options.responsePropertyName'));
  if (propertyName !== undefined) config.responsePropertyName = propertyName;
  const contentType = optionalText(read('options.responseContentType'));
  if (contentType !== undefined) config.responseContentType = contentType;
  return config;
}
