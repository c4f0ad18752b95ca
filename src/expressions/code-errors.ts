/**
 * Turns what user code threw into n8n's Code-node error text. n8n's task runner reads the
 * message and the line from the stack: `Error: boom` thrown on line 1 becomes
 * `boom [line 1]`, with the error type (TypeError...) as description; the message is the
 * part after the last colon of the first `...Error:` row, a quirk kept for identical output.
 */

/** What the sandbox reports about a thrown value (runtime/core.ts, describeError). */
export interface ThrownInfo {
  name: string;
  message?: string;
  stack?: string;
  description?: string;
  /** Thrown by the runtime's own n8n data access ($('X') on a missing node...). */
  expression: boolean;
  /** Has a message or a stack, as n8n's isErrorLike checks. */
  errorLike: boolean;
}

export interface CodeErrorText {
  message: string;
  description?: string;
}

const USER_FRAME = /\(evalmachine\.<anonymous>:\d+:\d+\)/;
const LINE = /evalmachine\.<anonymous>:(\d+):/;

/** Frame of the scope wrapper around VmCodeWrapper (session.ts); not user code. */
const SCOPE_FRAME = '__codeScope';

function lineNumber(rows: string[]): number | undefined {
  const userRow = rows.find((row) => USER_FRAME.test(row) && !row.includes('VmCodeWrapper') && !row.includes(SCOPE_FRAME));
  const row = userRow ?? rows.find((r) => r.includes('VmCodeWrapper') && r.includes('evalmachine.<anonymous>'));
  const match = row ? LINE.exec(row) : null;
  return match ? Number(match[1]) : undefined;
}

function fromStack(stack: string | undefined): CodeErrorText {
  const rows = (stack ?? '').split('\n');
  const line = lineNumber(rows);
  const display = line === undefined ? '' : `[line ${line}]`;
  const messageRow = rows.find((row) => row.includes('Error:'));
  if (!messageRow) return { message: `Unknown error ${display}` };
  const segments = messageRow.split(':').map((s) => s.trim());
  if (segments[1] === "Cannot find module 'node") {
    segments[1] = `${segments[1]}:${segments[2]}`;
    segments.splice(2, 1);
  }
  const [details, type] = segments.reverse();
  const description = type === 'Error' || type === undefined ? undefined : type;
  if (!details) return { message: `Unknown error ${display}`, description };
  return { message: `${details} ${display}`, description };
}

export function codeErrorText(thrown: ThrownInfo): CodeErrorText {
  if (thrown.expression) {
    return { message: thrown.message ?? 'Unknown error', description: thrown.description };
  }
  if (!thrown.errorLike) return fromStack(undefined);
  return fromStack(thrown.stack);
}
