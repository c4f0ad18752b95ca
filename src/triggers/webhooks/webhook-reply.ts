import type { Readable } from 'node:stream';
import type { JsonValue } from '../../workflow/json';

/** What the HTTP layer writes for a webhook call; `body` undefined means no body. */
export interface WebhookHttpReply {
  statusCode: number;
  headers: Record<string, string>;
  /** A Readable streams a stored file (a large binary answer never sits in memory). */
  body: JsonValue | string | Buffer | Readable | undefined;
}

export function jsonReply(statusCode: number, body: JsonValue, headers: Record<string, string> = {}): WebhookHttpReply {
  return { statusCode, headers, body };
}

/** n8n's answers when the run itself decides nothing else. */
export const WORKFLOW_STARTED = { message: 'Workflow was started' } as const;
export const WORKFLOW_ERROR = { message: 'Error in workflow' } as const;
export const NO_LAST_NODE_DATA = { message: 'Workflow executed successfully but the last node did not return any data' } as const;
export const RESPONSE_TIMEOUT = { message: 'The workflow did not answer in time' } as const;
