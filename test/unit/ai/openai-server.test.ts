import OpenAI from 'openai';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/openai-server';

describe('scripted OpenAI-compatible server', () => {
  let server: OpenAiServer;
  afterEach(async () => server.close());

  it('answers chat completions from the queue, then from rules, and records requests', async () => {
    server = await startOpenAiServer({
      queue: [{ kind: 'toolCalls', calls: [{ name: 'count', arguments: { country: 'BE' } }] }],
      rules: [{ lastUserContains: 'capital', reply: { kind: 'text', content: 'Brussels', usage: { prompt: 7, completion: 1 } } }],
    });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseUrl, maxRetries: 0 });
    const first = await client.chat.completions.create({ model: 'gpt-x', messages: [{ role: 'user', content: 'how many?' }] });
    expect(first.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'count', arguments: '{"country":"BE"}' } });
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const second = await client.chat.completions.create({ model: 'gpt-x', messages: [{ role: 'user', content: 'the capital of Belgium?' }] });
    expect(second.choices[0].message.content).toBe('Brussels');
    expect(second.usage).toEqual({ prompt_tokens: 7, completion_tokens: 1, total_tokens: 8 });
    expect(server.requests.map((r) => [r.path, r.headers.authorization, r.body.model])).toEqual([
      ['/v1/chat/completions', 'Bearer sk-test', 'gpt-x'],
      ['/v1/chat/completions', 'Bearer sk-test', 'gpt-x'],
    ]);
  });

  it('speaks the Responses API with text and function calls', async () => {
    server = await startOpenAiServer({ queue: [{ kind: 'text', content: 'hello', usage: { prompt: 4, completion: 2 } }, { kind: 'toolCalls', calls: [{ name: 'f', arguments: '{}', id: 'c1' }] }] });
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    const text = await client.responses.create({ model: 'm', input: 'hi' });
    expect(text.output_text).toBe('hello');
    expect(text.usage).toMatchObject({ input_tokens: 4, output_tokens: 2, total_tokens: 6 });
    const call = await client.responses.create({ model: 'm', input: 'hi' });
    expect(call.output[0]).toMatchObject({ type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' });
  });

  it('streams chat completions as server-sent events', async () => {
    server = await startOpenAiServer({ queue: [{ kind: 'text', content: 'streamed' }] });
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('streamed');
  });

  it('answers scripted errors and non-JSON bodies with their status', async () => {
    server = await startOpenAiServer({
      queue: [
        { kind: 'error', status: 401, message: 'Incorrect API key provided', code: 'invalid_api_key' },
        { kind: 'error', status: 429, message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
        { kind: 'raw', status: 502, body: '<html>Bad Gateway</html>' },
      ],
    });
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    await expect(ask()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    await expect(ask()).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
    await expect(ask()).rejects.toMatchObject({ status: 502 });
  });

  it('says so when no reply is scripted for a request', async () => {
    server = await startOpenAiServer();
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'unscripted' }] })).rejects.toThrow(
      'openai-server: no scripted reply for "unscripted"',
    );
  });
});
