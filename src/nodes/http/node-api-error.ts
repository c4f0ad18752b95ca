import { NodeOperationError } from '../../errors';
import type { JsonObject, JsonValue } from '../../workflow/json';

/**
 * n8n's NodeApiError: a failed call to an outside service. Its message is n8n's text for the
 * HTTP status ("The resource you are requesting could not be found") or for the system error
 * (ECONNREFUSED...), its description what the service said, and `httpCode` the status or
 * code, all as n8n derives them (packages/workflow/src/errors/node-api.error.ts).
 */
export class NodeApiError extends NodeOperationError {
  readonly httpCode: string | null;
  constructor(
    nodeName: string,
    message: string,
    options: { description?: string; httpCode: string | null; itemIndex?: number; cause?: unknown },
  ) {
    super(nodeName, message, options);
    this.httpCode = options.httpCode;
  }
}

const STATUS_CODE_MESSAGES: Record<string, string> = {
  '4XX': 'Your request is invalid or could not be processed by the service',
  '400': 'Bad request - please check your parameters',
  '401': 'Authorization failed - please check your credentials',
  '402': 'Payment required - perhaps check your payment details?',
  '403': 'Forbidden - perhaps check your credentials?',
  '404': 'The resource you are requesting could not be found',
  '405': 'Method not allowed - please check you are using the right HTTP method',
  '429': 'The service is receiving too many requests from you',
  '5XX': 'The service failed to process your request',
  '500': 'The service was not able to process your request',
  '502': 'Bad gateway - the service failed to handle your request',
  '503': 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
  '504': 'Gateway timed out - perhaps try again later?',
};

const COMMON_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'The service refused the connection - perhaps it is offline',
  ECONNRESET:
    'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
  ENOTFOUND: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
  ETIMEDOUT: "The connection timed out, consider setting the 'Retry on Fail' option in the node settings",
  ERRADDRINUSE: 'The port is already occupied by some other application, if possible change the port or kill the application that is using it',
  EADDRNOTAVAIL: 'The address is not available, ensure that you have the right IP address',
  ECONNABORTED: 'The connection was aborted, perhaps the server is offline',
  EHOSTUNREACH: 'The host is unreachable, perhaps the server is offline',
  EAI_AGAIN: 'The DNS server returned an error, perhaps the server is offline',
  ENOENT: 'The file or directory does not exist',
  EISDIR: 'The file path was expected but the given path is a directory',
  ENOTDIR: 'The directory path was expected but the given path is a file',
  EACCES: 'Forbidden by access permissions, make sure you have the right permissions',
  EEXIST: 'The file or directory already exists',
  EPERM: 'Operation not permitted, make sure you have the right permissions',
  GETADDRINFO: 'The server closed the connection unexpectedly',
};

/** Where n8n looks for a service's own error message in a response body. */
const MESSAGE_KEYS = [
  'cause', 'error', 'message', 'Message', 'msg', 'messages', 'description', 'reason', 'detail', 'details', 'errors',
  'errorMessage', 'errorMessages', 'ErrorMessage', 'error_message', '_error_message', 'errorDescription',
  'error_description', 'error_summary', 'error_info', 'title', 'text', 'field', 'err', 'type',
];

function isTraversable(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

function parseMaybe(text: string): JsonValue | string {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** n8n's NodeError.findProperty over the message keys (no nested traversal keys). */
function findMessage(value: JsonObject, seen = new Set<JsonObject>()): string | null {
  if (seen.has(value)) return null;
  seen.add(value);
  for (const key of MESSAGE_KEYS) {
    let found: JsonValue | undefined = value[key];
    if (!found) continue;
    if (typeof found === 'string') {
      const parsed = parseMaybe(found);
      if (typeof parsed === 'string') return parsed;
      found = parsed;
    }
    if (typeof found === 'number') return found.toString();
    if (Array.isArray(found)) {
      const parts = found
        .map((entry) => (typeof entry === 'string' ? entry : typeof entry === 'number' ? entry.toString() : isTraversable(entry) ? findMessage(entry, seen) : null))
        .filter((entry): entry is string => entry !== null);
      return parts.length === 0 ? null : parts.join(' | ');
    }
    if (isTraversable(found)) {
      const nested = findMessage(found, seen);
      if (nested) return nested;
    }
  }
  return null;
}

function statusMessage(httpCode: string, original: string): string {
  if (STATUS_CODE_MESSAGES[httpCode]) return STATUS_CODE_MESSAGES[httpCode];
  if (httpCode.startsWith('4')) return STATUS_CODE_MESSAGES['4XX'];
  if (httpCode.startsWith('5')) return STATUS_CODE_MESSAGES['5XX'];
  return original;
}

/** n8n's setDescriptiveErrorMessage: a known system error code anywhere wins. */
function descriptive(message: string, code: string | undefined): string {
  if (code && COMMON_ERRORS[code.toUpperCase()]) return COMMON_ERRORS[code.toUpperCase()];
  const upper = message.toUpperCase();
  const known = Object.keys(COMMON_ERRORS).find((key) => upper.includes(key));
  return known ? COMMON_ERRORS[known] : message;
}

/** The raw failure message n8n's HTTP stack gives a non-2xx answer: `404 - "<body>"`. */
export function rawStatusMessage(statusCode: number, bodyText: string): string {
  return `${statusCode} - ${JSON.stringify(bodyText)}`;
}

/** NodeApiError for an HTTP answer outside 2xx; `rawMessage` may be overridden (429). */
export function httpStatusError(
  nodeName: string,
  statusCode: number,
  bodyText: string,
  itemIndex: number,
  rawMessage = rawStatusMessage(statusCode, bodyText),
): NodeApiError {
  const httpCode = String(statusCode);
  const fields: JsonObject = { error: bodyText, message: rawMessage };
  let description: string | undefined = findMessage(fields) ?? undefined;
  const message = descriptive(statusMessage(httpCode, rawMessage), httpCode);
  if (description === message) description = undefined;
  return new NodeApiError(nodeName, message, { description, httpCode, itemIndex });
}

/** NodeApiError for a request that got no answer (refused, timed out, unknown host...). */
export function transportFailure(nodeName: string, error: Error & { code?: string }, itemIndex: number): NodeApiError {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = descriptive(error.message, code);
  const description = message === error.message ? undefined : error.message;
  return new NodeApiError(nodeName, message, { description, httpCode: code ?? null, itemIndex, cause: error });
}
