import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';

/**
 * What a Wait node "On Webhook Call" parks with, its parameters already evaluated. It travels
 * in the node's state (saved with the parked run), so the resume route can check the call
 * against it in any process, after any restart, without evaluating expressions again.
 */
export interface WaitWebhookConfig {
  /**
   * Methods the call may use. n8n's default is GET; when the node does not set one we also
   * take POST, the seed's resume call (`requests.post(resume_url, json=...)`).
   */
  httpMethods: string[];
  authentication: 'none' | 'basicAuth' | 'headerAuth';
  responseMode: 'onReceived' | 'lastNode' | 'responseNode';
  responseCode: number;
  /** lastNode: firstEntryJson, allEntries, firstEntryBinary or noData. */
  responseData: string;
  responseBinaryPropertyName: string;
  /** onReceived: a fixed body instead of n8n's `{"message": "Workflow was started"}`. */
  onReceivedData?: string;
  responseContentType?: string;
  responsePropertyName?: string;
  responseHeaders: Array<{ name: string; value: string }>;
  /** n8n's webhookSuffix: the path after the execution id the call must use. */
  suffix: string;
  ignoreBots: boolean;
  /** What happens when the wait limit passes before the call comes. */
  onTimeout: 'resume' | 'error';
}

/** The key under which the Wait node keeps its webhook settings in its node state. */
export const WAIT_WEBHOOK_STATE_KEY = 'resumeWebhook';

const AUTHENTICATIONS = ['none', 'basicAuth', 'headerAuth'] as const;
const RESPONSE_MODES = ['onReceived', 'lastNode', 'responseNode'] as const;

export function toStateValue(config: WaitWebhookConfig): JsonObject {
  return JSON.parse(JSON.stringify(config)) as JsonObject;
}

function text(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function optionalText(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function pick<T extends string>(value: JsonValue | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((entry) => entry === value) ?? fallback;
}

/** Reads the settings back from saved node state; undefined when the node left none. */
export function fromStateValue(value: JsonValue | undefined): WaitWebhookConfig | undefined {
  if (!isJsonObject(value) || !Array.isArray(value.httpMethods)) return undefined;
  const headers = Array.isArray(value.responseHeaders) ? value.responseHeaders.filter(isJsonObject) : [];
  return {
    httpMethods: value.httpMethods.filter((method): method is string => typeof method === 'string').map((method) => method.toUpperCase()),
    authentication: pick(value.authentication, AUTHENTICATIONS, 'none'),
    responseMode: pick(value.responseMode, RESPONSE_MODES, 'onReceived'),
    responseCode: typeof value.responseCode === 'number' ? value.responseCode : 200,
    responseData: text(value.responseData, 'firstEntryJson'),
    responseBinaryPropertyName: text(value.responseBinaryPropertyName, 'data'),
    onReceivedData: optionalText(value.onReceivedData),
    responseContentType: optionalText(value.responseContentType),
    responsePropertyName: optionalText(value.responsePropertyName),
    responseHeaders: headers.map((entry) => ({ name: text(entry.name, ''), value: text(entry.value, '') })).filter((entry) => entry.name !== ''),
    suffix: text(value.suffix, ''),
    ignoreBots: value.ignoreBots === true,
    onTimeout: value.onTimeout === 'error' ? 'error' : 'resume',
  };
}
