import { Script, createContext } from 'node:vm';
import { AutomatorError } from '../../../errors';

/**
 * Regular expressions from workflow parameters run with a time limit, as in n8n: a
 * catastrophic pattern (`(a+)+$` on a long input) must fail the node, not freeze the
 * service.
 */
const TIMEOUT_MS = 250;

export class RegexTimeoutError extends AutomatorError {
  constructor() {
    super('Regular expression execution timed out', 'internal');
  }
}

/** A pattern the engine refuses (`([a-`). */
export class InvalidRegexError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** `/pattern/flags` written as text becomes its source and flags; anything else is a bare pattern. */
export function parseRegexLiteral(value: string): { source: string; flags: string } {
  const match = /^\/(.*?)\/([gimusy]*)$/.exec(value);
  if (!match) return { source: value, flags: '' };
  return { source: match[1] ?? '', flags: match[2] ?? '' };
}

interface RegexSandbox {
  pattern: string;
  flags: string;
  input: string;
  replacement: string;
  result: boolean | string;
}

const sandbox = createContext({ pattern: '', flags: '', input: '', replacement: '', result: false }) as RegexSandbox;
const testScript = new Script('result = new RegExp(pattern, flags).test(input)');
const replaceScript = new Script('result = input.replace(new RegExp(pattern, flags), replacement)');

function runLimited(script: Script, pattern: string, input: string, flags: string, replacement = ''): boolean | string {
  sandbox.pattern = pattern;
  sandbox.flags = flags;
  sandbox.input = input;
  sandbox.replacement = replacement;
  sandbox.result = false;
  try {
    script.runInContext(sandbox, { timeout: TIMEOUT_MS });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RegexTimeoutError();
    // Errors from the vm context are not instances of this realm's Error: rebuild them.
    throw new InvalidRegexError((error as Error).message);
  }
  return sandbox.result;
}

/** RegExp.test with a time limit; an invalid pattern throws the engine's SyntaxError. */
export function safeRegexTest(pattern: string, input: string, flags: string): boolean {
  return runLimited(testScript, pattern, input, flags) === true;
}

/** String.replace with a RegExp, under the same time limit ($1, $& ... work in `replacement`). */
export function safeRegexReplace(pattern: string, input: string, flags: string, replacement: string): string {
  return String(runLimited(replaceScript, pattern, input, flags, replacement));
}
