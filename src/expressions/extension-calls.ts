import { EXTENSION_NAMES } from './extension-names';
import { endsOperand, tokenize, type Token } from './js-tokens';

/** Names the generated code uses for the extension dispatchers (provided by the runtime). */
export const EXT_FN = '__ext';
export const EXT_OPTIONAL_FN = '__extOpt';

/** Thrown at compile time for syntax n8n refuses (a `$if` with too few arguments). */
export class ExtensionSyntaxError extends Error {}

const QUICK_CHECK = /(\$if|\.\s*[A-Za-z_$][\w$]*)\s*\(/;
const MAX_REWRITES = 500;

/**
 * Index of the first token of the operand that ends at token `end` (the receiver of a
 * method call), or -1 when the shape is not one we can rewrite safely.
 */
function receiverStart(tokens: Token[], end: number): number {
  let i = end;
  for (;;) {
    const token = tokens[i];
    if (!token) return -1;
    let start: number;
    if ((token.text === ')' || token.text === ']') && token.kind === 'punct') {
      const open = token.match;
      if (open < 0) return -1;
      const before = tokens[open - 1];
      const isAccess = before?.text === '?.' || endsOperand(before);
      if (isAccess) {
        // A call `f(...)` or an index `a[...]`: the operand continues to the left.
        i = before?.text === '?.' ? open - 2 : open - 1;
        continue;
      }
      start = open;
    } else if (token.kind === 'templateTail') {
      if (token.match < 0) return -1;
      start = token.match;
    } else if (endsOperand(token)) {
      start = i;
    } else {
      return -1;
    }
    const before = tokens[start - 1];
    if (before && (before.text === '.' || before.text === '?.') && before.kind === 'punct') {
      i = start - 2;
      continue;
    }
    if (before?.kind === 'ident' && before.text === 'new') return start - 1;
    return start;
  }
}

/** Splits the tokens strictly between `open` and its match at top-level commas. */
function splitArguments(tokens: Token[], open: number): Array<[number, number]> {
  const close = tokens[open].match;
  const args: Array<[number, number]> = [];
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i];
    if (t.match > i) {
      i = t.match;
      continue;
    }
    if (t.kind === 'punct' && t.text === ',') {
      args.push([from, i]);
      from = i + 1;
    }
  }
  if (from < close) args.push([from, close]);
  return args;
}

function slice(src: string, tokens: Token[], from: number, to: number): string {
  if (from >= to) return '';
  return src.slice(tokens[from].start, tokens[to - 1].end);
}

function rewriteIf(src: string, tokens: Token[], at: number): string | undefined {
  const open = at + 1;
  if (tokens[open]?.text !== '(' || tokens[open].match < 0) return undefined;
  const prev = tokens[at - 1];
  if (prev && (prev.text === '.' || prev.text === '?.')) return undefined;
  const args = splitArguments(tokens, open);
  if (args.some(([from]) => tokens[from]?.text === '...')) return undefined;
  if (args.length < 2) {
    throw new ExtensionSyntaxError('$if requires at least 2 parameters: test, value_if_true[, and value_if_false]');
  }
  const [test, yes, no] = args.map(([from, to]) => slice(src, tokens, from, to));
  const replacement = `((${test}) ? (${yes}) : (${no ?? 'false'}))`;
  return src.slice(0, tokens[at].start) + replacement + src.slice(tokens[tokens[open].match].end);
}

function rewriteCall(src: string, tokens: Token[], dot: number): string | undefined {
  const open = dot + 2;
  const close = tokens[open].match;
  if (close < 0) return undefined;
  const start = receiverStart(tokens, dot - 1);
  if (start < 0) return undefined;
  const fn = tokens[dot].text === '?.' ? EXT_OPTIONAL_FN : EXT_FN;
  const receiver = slice(src, tokens, start, dot);
  const args = slice(src, tokens, open + 1, close);
  const name = tokens[dot + 1].text;
  const replacement = `${fn}(${receiver}, ${JSON.stringify(name)}, [${args}])`;
  return src.slice(0, tokens[start].start) + replacement + src.slice(tokens[close].end);
}

/** One rewrite step: the leftmost extension call or `$if(...)`, or undefined when none is left. */
function rewriteOnce(src: string): string | undefined {
  const tokens = tokenize(src);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'ident' && t.text === '$if') {
      const out = rewriteIf(src, tokens, i);
      if (out !== undefined) return out;
      continue;
    }
    const isDot = t.kind === 'punct' && (t.text === '.' || t.text === '?.');
    if (!isDot) continue;
    const name = tokens[i + 1];
    const paren = tokens[i + 2];
    if (name?.kind !== 'ident' || !EXTENSION_NAMES.has(name.text) || paren?.text !== '(') continue;
    const out = rewriteCall(src, tokens, i);
    if (out !== undefined) return out;
  }
  return undefined;
}

/**
 * Rewrites n8n extension calls in one `{{ }}` code chunk, as n8n's `extendSyntax` does:
 * `$json.name.toTitleCase()` -> `__ext($json.name, "toTitleCase", [])`, and `$if(a, b, c)`
 * -> `((a) ? (b) : (c))` so that only the chosen branch is evaluated.
 */
export function rewriteExtensionCalls(code: string): string {
  if (!QUICK_CHECK.test(code)) return code;
  let current = code;
  for (let n = 0; n < MAX_REWRITES; n++) {
    const next = rewriteOnce(current);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}
