/**
 * A small JavaScript tokenizer, just precise enough to rewrite n8n's extension calls
 * (`x.isEmpty()` -> `__ext(x, "isEmpty", [])`) and find the free identifiers of an
 * expression. It never evaluates anything; the sandbox does that.
 */

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string'
  /** A whole template literal without substitutions, or the `\`...${` head of one. */
  | 'templateHead'
  /** `}...${` between two substitutions. */
  | 'templateMiddle'
  /** `}...\`` closing a template, or a substitution-free template (`templateFull`). */
  | 'templateTail'
  | 'templateFull'
  | 'regex'
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /**
   * For brackets: index of the matching bracket. For template pieces: the head points at
   * its tail, middles and the tail point at the head. -1 when unmatched.
   */
  match: number;
}

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case',
  'do', 'else', 'await', 'yield', 'if', 'while', 'for', 'switch', 'catch', 'with', 'export',
  'import', 'extends',
]);

/** Words that can never be a variable name in an expression. */
export const RESERVED_WORDS = new Set([
  ...KEYWORDS_BEFORE_EXPRESSION,
  'break', 'class', 'const', 'continue', 'debugger', 'default', 'false', 'finally',
  'function', 'null', 'super', 'this', 'true', 'try', 'var', 'let', 'static', 'enum',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'arguments', 'eval',
  'async', 'get', 'set',
]);

const PUNCT3 = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??='];
const PUNCT2 = ['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[\w$\u0080-\uffff]/;
const NUMBER_RE = /(?:0[xXbBoO][\da-fA-F_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?)/y;

/** Whether a `/` at this point starts a regular expression rather than a division. */
function regexAllowedAfter(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'ident') return KEYWORDS_BEFORE_EXPRESSION.has(previous.text);
  if (previous.kind === 'punct') return ![')', ']', '}'].includes(previous.text);
  if (previous.kind === 'templateHead' || previous.kind === 'templateMiddle') return true;
  return false;
}

class Scanner {
  private pos = 0;
  readonly tokens: Token[] = [];
  /** Open brackets and template heads awaiting their closing token. */
  private readonly open: number[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.pos < this.src.length) this.next();
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number): number {
    this.tokens.push({ kind, text: this.src.slice(start, end), start, end, match: -1 });
    this.pos = end;
    return this.tokens.length - 1;
  }

  private last(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  private next(): void {
    const { src } = this;
    const start = this.pos;
    const ch = src[start];
    if (/\s/.test(ch)) {
      this.pos += 1;
      return;
    }
    if (ch === '/' && src[start + 1] === '/') {
      const nl = src.indexOf('\n', start);
      this.pos = nl === -1 ? src.length : nl;
      return;
    }
    if (ch === '/' && src[start + 1] === '*') {
      const close = src.indexOf('*/', start + 2);
      this.pos = close === -1 ? src.length : close + 2;
      return;
    }
    if (IDENT_START.test(ch)) {
      let end = start + 1;
      while (end < src.length && IDENT_PART.test(src[end])) end += 1;
      this.push('ident', start, end);
      return;
    }
    if (/\d/.test(ch) || (ch === '.' && /\d/.test(src[start + 1] ?? ''))) {
      NUMBER_RE.lastIndex = start;
      const m = NUMBER_RE.exec(src);
      this.push('number', start, m ? start + m[0].length : start + 1);
      return;
    }
    if (ch === '"' || ch === "'") {
      this.push('string', start, this.skipQuoted(start, ch));
      return;
    }
    if (ch === '`') {
      this.scanTemplatePiece(start + 1, start, true);
      return;
    }
    if (ch === '}' && this.topIsTemplate()) {
      this.scanTemplatePiece(start + 1, start, false);
      return;
    }
    if (ch === '/' && regexAllowedAfter(this.last())) {
      this.push('regex', start, this.skipRegex(start));
      return;
    }
    this.scanPunct(start);
  }

  private topIsTemplate(): boolean {
    const top = this.open[this.open.length - 1];
    if (top === undefined) return false;
    const kind = this.tokens[top].kind;
    return kind === 'templateHead' || kind === 'templateMiddle';
  }

  private skipQuoted(start: number, quote: string): number {
    let i = start + 1;
    while (i < this.src.length && this.src[i] !== quote) {
      if (this.src[i] === '\\') i += 1;
      else if (this.src[i] === '\n') break;
      i += 1;
    }
    return Math.min(i + 1, this.src.length);
  }

  private skipRegex(start: number): number {
    let i = start + 1;
    let inClass = false;
    while (i < this.src.length) {
      const c = this.src[i];
      if (c === '\\') i += 1;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      else if (c === '\n') break;
      i += 1;
    }
    i += 1;
    while (i < this.src.length && /[a-z]/i.test(this.src[i])) i += 1;
    return Math.min(i, this.src.length);
  }

  /** Scans template text from `from` up to a `${` or the closing backtick. */
  private scanTemplatePiece(from: number, start: number, isHead: boolean): void {
    let i = from;
    while (i < this.src.length) {
      const c = this.src[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '`') {
        this.closeTemplatePiece(start, i + 1, isHead, true);
        return;
      }
      if (c === '$' && this.src[i + 1] === '{') {
        this.closeTemplatePiece(start, i + 2, isHead, false);
        return;
      }
      i += 1;
    }
    this.closeTemplatePiece(start, this.src.length, isHead, true);
  }

  private closeTemplatePiece(start: number, end: number, isHead: boolean, closesTemplate: boolean): void {
    if (isHead && closesTemplate) {
      this.push('templateFull', start, end);
      return;
    }
    const kind: TokenKind = isHead ? 'templateHead' : closesTemplate ? 'templateTail' : 'templateMiddle';
    const index = this.push(kind, start, end);
    if (isHead) {
      this.open.push(index);
      return;
    }
    // Middles and the tail point back at the head; the head points at the tail.
    const head = this.open[this.open.length - 1];
    if (head === undefined) return;
    this.tokens[index].match = head;
    if (closesTemplate) {
      this.open.pop();
      this.tokens[head].match = index;
    }
  }

  private scanPunct(start: number): void {
    const { src } = this;
    if (src[start] === '?' && src[start + 1] === '.' && !/\d/.test(src[start + 2] ?? '')) {
      this.push('punct', start, start + 2);
      return;
    }
    for (const group of [PUNCT3, PUNCT2]) {
      const hit = group.find((p) => src.startsWith(p, start));
      if (hit) {
        this.push('punct', start, start + hit.length);
        return;
      }
    }
    const index = this.push('punct', start, start + 1);
    const ch = src[start];
    if (ch === '(' || ch === '[' || ch === '{') this.open.push(index);
    if (ch === ')' || ch === ']' || ch === '}') {
      const opener = this.open.pop();
      if (opener !== undefined) {
        this.tokens[opener].match = index;
        this.tokens[index].match = opener;
      }
    }
  }
}

export function tokenize(src: string): Token[] {
  return new Scanner(src).run();
}

/** Whether the token ends an operand, so that a following `(` is a call and `[` an index. */
export function endsOperand(token: Token | undefined): boolean {
  if (!token) return false;
  switch (token.kind) {
    case 'ident':
      return !KEYWORDS_BEFORE_EXPRESSION.has(token.text);
    case 'number':
    case 'string':
    case 'regex':
    case 'templateFull':
    case 'templateTail':
      return true;
    case 'punct':
      return token.text === ')' || token.text === ']';
    default:
      return false;
  }
}
