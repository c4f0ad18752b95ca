import type { JsonObject, JsonValue } from '../../../workflow/json';

/**
 * JSON parsing with the repairs n8n applies to hand-written JSON (its jsonParse with
 * `repairJSON` / `acceptJSObject`): single-quoted strings, unquoted keys and words,
 * comments, trailing or missing commas, missing values (null), unclosed brackets, and
 * JavaScript/Python constants. Text that cannot be read that way throws a SyntaxError.
 */
export function parseLenientJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return new LenientParser(text).parseDocument();
  }
}

const CONSTANTS: Record<string, JsonValue> = {
  true: true,
  false: false,
  null: null,
  True: true,
  False: false,
  None: null,
  undefined: null,
};
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD_END = /[,:}\]\n\r]/;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };

class LenientParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipBlank();
    if (this.atEnd()) this.fail('Unexpected end of JSON input');
    const value = this.parseValue();
    this.skipBlank();
    if (!this.atEnd()) this.fail(`Unexpected character "${this.peek()}"`);
    return value;
  }

  private parseValue(): JsonValue {
    const char = this.peek();
    if (char === '{') return this.parseObject();
    if (char === '[') return this.parseArray();
    if (char === '"' || char === "'") return this.parseString();
    const number = NUMBER.exec(this.text.slice(this.position));
    if (number && !/[A-Za-z_$]/.test(this.text[this.position + number[0].length] ?? '')) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    return this.parseWord();
  }

  private parseObject(): JsonObject {
    const result: JsonObject = {};
    this.position++;
    for (;;) {
      this.skipBlank();
      if (this.atEnd() || this.peek() === '}') break;
      if (this.peek() === ',') {
        this.position++;
        continue;
      }
      const key = this.parseKey();
      this.skipBlank();
      if (this.peek() === ':') this.position++;
      else if (this.atEnd() || this.peek() === '}' || this.peek() === ',') this.fail('Colon expected');
      this.skipBlank();
      result[key] = this.atEnd() || this.peek() === ',' || this.peek() === '}' ? null : this.parseValue();
    }
    if (!this.atEnd()) this.position++;
    return result;
  }

  private parseArray(): JsonValue[] {
    const result: JsonValue[] = [];
    this.position++;
    for (;;) {
      this.skipBlank();
      if (this.atEnd() || this.peek() === ']') break;
      if (this.peek() === ',') {
        this.position++;
        continue;
      }
      result.push(this.parseValue());
    }
    if (!this.atEnd()) this.position++;
    return result;
  }

  private parseKey(): string {
    const char = this.peek();
    if (char === '"' || char === "'") return this.parseString();
    // As jsonrepair, an unquoted key runs on over spaces up to a delimiter: `{ bad 1 }` is the
    // key "bad 1" with no colon (an error), not `{"bad": 1}`.
    const start = this.position;
    while (!this.atEnd() && !/[:,{}[\]\n\r]/.test(this.peek())) this.position++;
    const key = this.text.slice(start, this.position).trim();
    if (key === '') this.fail(`Unexpected character "${char}"`);
    return key;
  }

  private parseString(): string {
    const quote = this.peek();
    this.position++;
    let result = '';
    while (!this.atEnd() && this.peek() !== quote) {
      const char = this.text[this.position++];
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escaped = this.text[this.position++] ?? '';
      if (escaped === 'u') {
        result += String.fromCharCode(parseInt(this.text.slice(this.position, this.position + 4), 16));
        this.position += 4;
      } else {
        result += ESCAPES[escaped] ?? escaped;
      }
    }
    this.position++;
    return result;
  }

  /** A bare word: a constant, or text up to the next delimiter kept as a string. */
  private parseWord(): JsonValue {
    const start = this.position;
    while (!this.atEnd() && !WORD_END.test(this.peek())) {
      if (this.peek() === '{' || this.peek() === '[') break;
      this.position++;
    }
    const word = this.text.slice(start, this.position).trim();
    if (word === '') this.fail(`Unexpected character "${this.peek()}"`);
    return word in CONSTANTS ? CONSTANTS[word] : word;
  }

  private skipBlank(): void {
    for (;;) {
      while (!this.atEnd() && /\s/.test(this.peek())) this.position++;
      if (this.text.startsWith('//', this.position)) {
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end;
      } else if (this.text.startsWith('/*', this.position)) {
        const end = this.text.indexOf('*/', this.position + 2);
        this.position = end === -1 ? this.text.length : end + 2;
      } else {
        return;
      }
    }
  }

  private peek(): string {
    return this.text[this.position] ?? '';
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.position}`);
  }
}
