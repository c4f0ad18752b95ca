import type { JsonValue } from '../workflow/json';

export type CodeMode = 'runOnceForAllItems' | 'runOnceForEachItem';

export interface CodeRequest {
  code: string;
  mode: CodeMode;
  /** Per-item timeout budget is the session's; this is the whole call's deadline in ms. */
  timeoutMs?: number;
  /**
   * n8n's continue-on-fail for code: a throw becomes the item `{json: {error: message}}`
   * (runOnceForEachItem: for the failing item only, the others still run).
   */
  continueOnFail?: boolean;
  /** What `helpers` (and `this.helpers`) reach on the host; absent: those calls fail clearly. */
  helpers?: CodeHostHelpers;
}

/**
 * n8n's Code-node RPC (`helpers.getBinaryDataBuffer`, `prepareBinaryData`...), answered on the
 * service thread while user code awaits. Arguments and answers cross the sandbox boundary as
 * JSON, bytes as base64 text; a rejection's message becomes the error user code sees.
 */
export interface CodeHostHelpers {
  call(method: string, args: JsonValue[]): Promise<JsonValue>;
}

/** What user code returned, copied out of the sandbox. For `runOnceForEachItem`, one entry
 * per input item (the value that item's run returned, `undefined` as null). */
export type CodeResult =
  | { mode: 'runOnceForAllItems'; returned: JsonValue | undefined }
  | { mode: 'runOnceForEachItem'; returned: Array<JsonValue | undefined> };
