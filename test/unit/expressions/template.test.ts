import { rewriteExtensionCalls } from '../../../src/expressions/extension-calls';
import { tokenize } from '../../../src/expressions/js-tokens';
import { compileTemplate, splitTemplate } from '../../../src/expressions/template';

describe('splitTemplate (n8n tournament semantics)', () => {
  it('splits text and code chunks', () => {
    expect(splitTemplate('Hello {{ $json.name }}, {{ $json.age }}!')).toEqual([
      { type: 'text', text: 'Hello ' },
      { type: 'code', text: ' $json.name ' },
      { type: 'text', text: ', ' },
      { type: 'code', text: ' $json.age ' },
      { type: 'text', text: '!' },
    ]);
  });

  it('gives an empty leading text and no trailing chunk for a lone expression', () => {
    expect(splitTemplate('{{ 1 + 2 }}')).toEqual([
      { type: 'text', text: '' },
      { type: 'code', text: ' 1 + 2 ' },
    ]);
  });

  it('keeps an escaped opening bracket as text', () => {
    expect(splitTemplate('a \\{{ b }} {{ c }} d')).toEqual([
      { type: 'text', text: 'a \\{{ b }} ' },
      { type: 'code', text: ' c ' },
      { type: 'text', text: ' d' },
    ]);
  });

  it('treats an unclosed bracket as code to the end', () => {
    expect(splitTemplate('x {{ 1 + 1')).toEqual([
      { type: 'text', text: 'x ' },
      { type: 'code', text: ' 1 + 1' },
    ]);
  });
});

describe('rewriteExtensionCalls', () => {
  it.each([
    ['$json.name.toTitleCase()', '__ext($json.name, "toTitleCase", [])'],
    ['$json.a["x"](1).b.isEmpty()', '__ext($json.a["x"](1).b, "isEmpty", [])'],
    ['!x.isEmpty() && y.z.last().first()', '!__ext(x, "isEmpty", []) && __ext(__ext(y.z, "last", []), "first", [])'],
    ['$json.list?.first()', '__extOpt($json.list, "first", [])'],
    ['new Date().format("yyyy")', '__ext(new Date(), "format", ["yyyy"])'],
    ['(a + b).round(2)', '__ext((a + b), "round", [2])'],
    ['`x${$json.s.toSnakeCase()}`.length()', '__ext(`x${__ext($json.s, "toSnakeCase", [])}`, "length", [])'],
    ['[1, 2].sum() + "a.b".split(".").last()', '__ext([1, 2], "sum", []) + __ext("a.b".split("."), "last", [])'],
    ['$json.text.toUpperCase()', '$json.text.toUpperCase()'],
    ['$json.s.base64Encode()', '__ext($json.s, "base64Encode", [])'],
    ["'.isEmpty()'", "'.isEmpty()'"],
  ])('%s', (input, output) => {
    expect(rewriteExtensionCalls(input)).toBe(output);
  });

  it('turns $if into a conditional so only one branch runs', () => {
    expect(rewriteExtensionCalls('$if($json.x, $json.x.y, "n")')).toBe('(($json.x) ? ($json.x.y) : ("n"))');
    expect(rewriteExtensionCalls('$if(a, b)')).toBe('((a) ? (b) : (false))');
  });

  it('refuses a $if with fewer than two arguments with n8n\'s message', () => {
    expect(() => rewriteExtensionCalls('$if(a)')).toThrow(
      '$if requires at least 2 parameters: test, value_if_true[, and value_if_false]',
    );
  });
});

describe('tokenize', () => {
  it('tells regular expressions from divisions', () => {
    const kinds = tokenize('a / b / /x\\/y/g.test(c)').map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'ident:a', 'punct:/', 'ident:b', 'punct:/', 'regex:/x\\/y/g', 'punct:.', 'ident:test', 'punct:(', 'ident:c', 'punct:)',
    ]);
  });

  it('links template heads and tails across nested substitutions', () => {
    const tokens = tokenize('`a${ {b: `c${d}`} }e`');
    const head = tokens[0];
    expect(head.kind).toBe('templateHead');
    expect(tokens[head.match].kind).toBe('templateTail');
    expect(tokens[head.match].text).toBe('}e`');
  });
});

describe('compileTemplate', () => {
  it('refuses constructor access as n8n does', () => {
    expect(compileTemplate('{{ this.constructor.constructor("return process")() }}')).toEqual({
      ok: false,
      message: 'Expression contains invalid constructor function call',
      description: 'Constructor override attempt is not allowed due to security concerns',
    });
  });

  it('refuses dynamic import', () => {
    expect(compileTemplate('{{ import("fs") }}')).toEqual({ ok: false, message: 'Imports are not supported' });
  });

  it('declares only the free identifiers the code uses, never globals or member names', () => {
    const compiled = compileTemplate('{{ Math.max($json.a, other) + $json.b.c }}');
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const declarations = compiled.source.split('\n')[1];
    expect(declarations).toBe('var __ext = __s["__ext"], __extOpt = __s["__extOpt"], $json = __s["$json"], other = __s["other"];');
  });
});
