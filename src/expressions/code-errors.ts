/**
 * Turns what user code threw into n8n's Code-node error text, as n8n 2.x's task runner
 * (ExecutionError) builds it: the message is the details of the first `Type: details` row of
 * the stack header (after a syntax error's source excerpt), else the error's own message,
 * followed by `[line N]` (`[line N, for item I]` per item) when the stack shows the user's
 * line; the error type (TypeError...) becomes the description. A thrown value that is not
 * error-like (no string `message`) reads as its JSON text: `throw 'x'` gives `"x"`.
 */

/** What the sandbox reports about a thrown value (runtime/core.ts, describeError). */
export interface ThrownInfo {
  name: string;
  message?: string;
  stack?: string;
  description?: string;
  /** Thrown by the runtime's own n8n data access ($('X') on a missing node...). */
  expression: boolean;
  /** Has a string `message`, as n8n's isErrorLike checks. */
  errorLike: boolean;
  /** JSON text of a thrown value that is not error-like (undefined for `throw undefined`). */
  thrown?: string;
}

export interface CodeErrorText {
  message: string;
  description?: string;
}

const USER_FRAME = /\(evalmachine\.<anonymous>:\d+:\d+\)/;
const LINE = /evalmachine\.<anonymous>:(\d+):/;
const STACK_HEADER = /^(?<errorType>\S.*?): (?<errorDetails>.+)$/;
const STACK_FRAME = /^\s+at\s/;
const SOURCE_EXCERPT_CARET = /^\s*\^+\s*$/;
/** Frame of the scope wrapper around VmCodeWrapper (session.ts); not user code. */
const SCOPE_FRAME = '__codeScope';

function lineNumber(rows: string[]): number | undefined {
  const userRow = rows.find((row) => USER_FRAME.test(row) && !row.includes('VmCodeWrapper') && !row.includes(SCOPE_FRAME));
  const row = userRow ?? rows.find((r) => r.includes('VmCodeWrapper') && r.includes('evalmachine.<anonymous>'));
  const match = row ? LINE.exec(row) : null;
  return match ? Number(match[1]) : undefined;
}

/** The `Type: details` row of the stack header, past a syntax error's `^^^` excerpt. */
function messageRow(rows: string[]): string | undefined {
  const firstFrame = rows.findIndex((row) => STACK_FRAME.test(row));
  const header = firstFrame === -1 ? rows : rows.slice(0, firstFrame);
  const excerptEnd = header.reduce((last, row, index) => (SOURCE_EXCERPT_CARET.test(row) ? index + 1 : last), 0);
  return header.slice(excerptEnd).find((row) => STACK_HEADER.test(row));
}

function fromStack(stack: string | undefined, message: string | undefined, itemIndex: number | undefined): CodeErrorText {
  const rows = (stack ?? '').split(/\r?\n/);
  const line = lineNumber(rows);
  let display = '';
  if (line !== undefined) display = itemIndex === undefined ? `[line ${line}]` : `[line ${line}, for item ${itemIndex}]`;
  const groups = STACK_HEADER.exec(messageRow(rows) ?? '')?.groups;
  const details = groups?.errorDetails.trim() || undefined;
  const type = groups?.errorType;
  const description = type === undefined || type.toLowerCase() === 'error' ? undefined : type;
  const text = `${details ?? (message || 'Unknown error')} ${display}`.trim();
  return description === undefined ? { message: text } : { message: text, description };
}

/** `itemIndex` is the item a per-item run failed on, when the runner names it. */
export function codeErrorText(thrown: ThrownInfo, itemIndex?: number): CodeErrorText {
  if (thrown.expression) {
    return { message: thrown.message ?? 'Unknown error', description: thrown.description };
  }
  if (!thrown.errorLike) return fromStack(undefined, thrown.thrown, undefined);
  return fromStack(thrown.stack, thrown.message, itemIndex);
}
