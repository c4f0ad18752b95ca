import { collectFromAiArguments, fromAiInputSchema, fromAiValue, substituteFromAi } from '../../../../src/nodes/ai-tools/from-ai';
import { NodeOperationError } from '../../../../src/errors';

describe('$fromAI', () => {
  const parameters = {
    workflowInputs: {
      value: {
        product: "={{ $fromAI('product', ``, 'string') }}",
        qty: "={{ $fromAI('qty', 'How many, e.g. 2', 'number', 1) }}",
        note: "=Note: {{ $fromAI(\"note\", \"free text, with a comma\") }}!",
      },
    },
  };

  it('collects each key once, in order, with description, type and default', () => {
    expect(collectFromAiArguments('get_price', parameters)).toEqual([
      { key: 'product', type: 'string' },
      { key: 'qty', description: 'How many, e.g. 2', type: 'number', defaultValue: 1 },
      { key: 'note', description: 'free text, with a comma', type: 'string' },
    ]);
  });

  it("builds n8n's JSON schema: keys with a default are optional", () => {
    expect(fromAiInputSchema(collectFromAiArguments('t', parameters))).toEqual({
      type: 'object',
      properties: {
        product: { type: 'string' },
        qty: { type: 'number', description: 'How many, e.g. 2', default: 1 },
        note: { type: 'string', description: 'free text, with a comma' },
      },
      required: ['product', 'note'],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    });
  });

  it('replaces each call by the literal value, the default when the model gave none', () => {
    expect(substituteFromAi(parameters.workflowInputs.value, { product: 'apple', note: "it's \"ok\"" })).toEqual({
      product: '={{ ("apple") }}',
      qty: '={{ (1) }}',
      note: '=Note: {{ ("it\'s \\"ok\\"") }}!',
    });
    expect(substituteFromAi('no expression $fromAI(x)', {})).toBe('no expression $fromAI(x)');
  });

  it('reads a key inside a `query` object first, as n8n does', () => {
    expect(fromAiValue({ query: { a: 1 }, a: 2 }, { key: 'a' })).toBe(1);
    expect(fromAiValue({ a: 2 }, { key: 'a' })).toBe(2);
    expect(fromAiValue({}, { key: 'a', defaultValue: 'd' })).toBe('d');
  });

  it('refuses an empty key, a bad key and a key reused with another type', () => {
    expect(() => collectFromAiArguments('t', { a: "={{ $fromAI('') }}" })).toThrow('You must specify a key when using $fromAI()');
    expect(() => collectFromAiArguments('t', { a: "={{ $fromAI('a b') }}" })).toThrow('Parameter key `a b` is invalid');
    const twice = { a: "={{ $fromAI('k', 'x', 'string') }}", b: "={{ $fromAI('k', 'x', 'number') }}" };
    expect(() => collectFromAiArguments('t', twice)).toThrow(NodeOperationError);
    expect(() => collectFromAiArguments('t', { a: "={{ $fromAI('k', 'x', 'date') }}" })).toThrow('Invalid type: date');
  });
});
