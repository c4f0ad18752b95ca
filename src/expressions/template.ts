import { EXT_FN, EXT_OPTIONAL_FN, ExtensionSyntaxError, rewriteExtensionCalls } from './extension-calls';
import { RESERVED_WORDS, tokenize } from './js-tokens';

/**
 * Parameter expressions (`=Hello {{ $json.name }}`) turned into the source of one sandbox
 * function. The splitting and the value rules follow n8n's evaluator (@n8n/tournament):
 * a value that is exactly `{{ code }}` yields the code's raw value; anything else is a
 * string where each code part contributes `String(v)`, or '' for null, undefined, NaN
 * and ''. Errors inside a code part that are not n8n expression errors yield undefined,
 * as in n8n, so `{{ $json.a.b }}` on a missing `a` is empty rather than a failure.
 */

export interface TextChunk {
  type: 'text';
  text: string;
}
export interface CodeChunk {
  type: 'code';
  text: string;
}
export type Chunk = TextChunk | CodeChunk;

const OPEN = '{{';
const CLOSE = '}}';

function normalizeBackslashes(text: string): string {
  return text.replace(/\\\\/g, '\\');
}

/** Splits a template (the value without its leading `=`) as n8n does, honouring `\{{`. */
export function splitTemplate(template: string): Chunk[] {
  const chunks: Chunk[] = [];
  let lookingFor: typeof OPEN | typeof CLOSE = OPEN;
  let buffer = '';
  let index = 0;
  while (index < template.length) {
    const rest = template.slice(index);
    const at = rest.indexOf(lookingFor);
    if (at === -1) {
      buffer += rest;
      chunks.push(lookingFor === OPEN ? { type: 'text', text: buffer } : { type: 'code', text: buffer.replace('\\}}', '}}') });
      break;
    }
    const before = rest.slice(0, at);
    const backslashes = /\\*$/.exec(before)?.[0].length ?? 0;
    if (backslashes % 2 === 1) {
      buffer += rest.slice(0, at + 2);
      index += at + 2;
      continue;
    }
    buffer += before;
    if (lookingFor === OPEN) {
      chunks.push({ type: 'text', text: normalizeBackslashes(buffer) });
      lookingFor = CLOSE;
    } else {
      chunks.push({ type: 'code', text: buffer.replace('\\}}', '}}') });
      lookingFor = OPEN;
    }
    index += at + 2;
    buffer = '';
  }
  return chunks;
}

/** Names the sandbox defines globally; anything else an expression names comes from its scope. */
const SANDBOX_GLOBALS = new Set([...Object.getOwnPropertyNames(globalThis), 'DateTime', 'Duration', 'Interval']);

const CONSTRUCTOR_ACCESS = /\.\s*constructor/m;

export type CompiledTemplate =
  | { ok: true; source: string }
  /** n8n refuses the expression before running it; `message` is n8n's text. */
  | { ok: false; message: string; description?: string };

function prepareCode(code: string, names: Set<string>): string {
  let text = code.trim();
  while (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  const rewritten = rewriteExtensionCalls(text);
  const tokens = tokenize(rewritten);
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident') return;
    if (token.text === 'import') throw new ExtensionSyntaxError('Imports are not supported');
    const prev = tokens[i - 1];
    if (prev && prev.kind === 'punct' && (prev.text === '.' || prev.text === '?.')) return;
    if (RESERVED_WORDS.has(token.text) || SANDBOX_GLOBALS.has(token.text)) return;
    names.add(token.text);
  });
  return rewritten;
}

function guarded(code: string, target: string): string {
  return `try { ${target} = (\n${code}\n); } catch (__err) { ${target} = __s.__swallow(__err); }\n`;
}

/**
 * Builds `(function (__s) { ... })` for one parameter value (without its `=`). The scope
 * object `__s` carries `$json`, `$input`... and the helpers `__ext`, `__swallow`, `__str`.
 */
export function compileTemplate(template: string): CompiledTemplate {
  if (CONSTRUCTOR_ACCESS.test(template)) {
    return {
      ok: false,
      message: 'Expression contains invalid constructor function call',
      description: 'Constructor override attempt is not allowed due to security concerns',
    };
  }
  const chunks = splitTemplate(template);
  const names = new Set<string>([EXT_FN, EXT_OPTIONAL_FN]);
  let body: string;
  try {
    if (chunks.length === 2 && chunks[0].text === '' && chunks[1].type === 'code') {
      body = guarded(prepareCode(chunks[1].text, names), 'var __v') + 'return __v;\n';
    } else {
      body = 'var __r = "", __v;\n';
      for (const chunk of chunks) {
        if (chunk.type === 'text') {
          if (chunk.text !== '') body += `__r += ${JSON.stringify(chunk.text)};\n`;
        } else {
          body += guarded(prepareCode(chunk.text, names), '__v') + '__r += __s.__str(__v);\n';
        }
      }
      body += 'return __r;\n';
    }
  } catch (error) {
    if (error instanceof ExtensionSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
  const declarations = [...names].map((name) => `${name} = __s[${JSON.stringify(name)}]`).join(', ');
  return { ok: true, source: `(function (__s) {\nvar ${declarations};\n${body}})` };
}
