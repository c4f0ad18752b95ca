import { isJsonObject, type JsonObject, type JsonValue } from '../../../workflow/json';
import {
  headerEntries,
  isWebhookAuthKind,
  LAST_NODE_DATA,
  RESPONSE_MODES,
  type WebhookAuthKind,
  type WebhookResponseConfig,
} from '../../webhook';

/**
 * What a Wait node "On Webhook Call" parks with, its parameters already evaluated. It travels
 * in the node's state (saved with the parked run), so the resume route can check the call
 * against it in any process, after any restart, without evaluating expressions again.
 * How it answers is the Webhook node's WebhookResponseConfig, as in n8n.
 */
export interface WaitWebhookConfig extends WebhookResponseConfig {
  /**
   * Methods the call may use. n8n's default is GET; when the node does not set one we also
   * take POST, the seed's resume call (`requests.post(resume_url, json=...)`).
   */
  httpMethods: string[];
  /** Its secrets are looked up when the call comes, from the node in the run's workflow snapshot. */
  authentication: WebhookAuthKind;
  /** n8n's webhookSuffix: the path after the execution id the call must use. */
  suffix: string;
  ignoreBots: boolean;
  /** What happens when the wait limit passes before the call comes. */
  onTimeout: 'resume' | 'error';
}

/** The key under which the Wait node keeps its webhook settings in its node state. */
export const WAIT_WEBHOOK_STATE_KEY = 'resumeWebhook';

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

/** Saved headers: a map, or the [{name, value}] list runs parked before the shared module used. */
function savedHeaders(value: JsonValue | undefined): Record<string, string> {
  if (Array.isArray(value)) return headerEntries(value);
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Reads the settings back from saved node state; undefined when the node left none. */
export function fromStateValue(value: JsonValue | undefined): WaitWebhookConfig | undefined {
  if (!isJsonObject(value) || !Array.isArray(value.httpMethods)) return undefined;
  const config: WaitWebhookConfig = {
    httpMethods: value.httpMethods.filter((method): method is string => typeof method === 'string').map((method) => method.toUpperCase()),
    authentication: isWebhookAuthKind(value.authentication) ? value.authentication : 'none',
    responseMode: pick(value.responseMode, RESPONSE_MODES, 'onReceived'),
    responseCode: typeof value.responseCode === 'number' ? value.responseCode : 200,
    // `responseData` is the key runs parked before the shared module used.
    lastNodeData: pick(value.lastNodeData ?? value.responseData, LAST_NODE_DATA, 'firstEntryJson'),
    noResponseBody: value.noResponseBody === true,
    responseHeaders: savedHeaders(value.responseHeaders),
    responseBinaryPropertyName: text(value.responseBinaryPropertyName, 'data'),
    suffix: text(value.suffix, ''),
    ignoreBots: value.ignoreBots === true,
    onTimeout: value.onTimeout === 'error' ? 'error' : 'resume',
  };
  const onReceivedData = optionalText(value.onReceivedData);
  if (onReceivedData !== undefined) config.onReceivedData = onReceivedData;
  const contentType = optionalText(value.responseContentType);
  if (contentType !== undefined) config.responseContentType = contentType;
  const propertyName = optionalText(value.responsePropertyName);
  if (propertyName !== undefined) config.responsePropertyName = propertyName;
  return config;
}
