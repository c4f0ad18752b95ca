import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real local HTTP server speaking OpenAI's `/v1/chat/completions` and `/v1/responses` from
 * scripted, deterministic replies: text, tool calls, JSON, errors (401, 429, 500, 400
 * context length), non-JSON bodies, slow replies. It records every request it got. Tests
 * start it on port 0; /work/notes/aicore-diff serves the same script to the real n8n.
 */

export interface ScriptedToolCall {
  name: string;
  /** An object (sent as JSON text) or the raw argument text. */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export interface ScriptedUsage {
  prompt: number;
  completion: number;
}

export type ScriptedReply =
  | { kind: 'text'; content: string; usage?: ScriptedUsage; delayMs?: number }
  | { kind: 'toolCalls'; calls: ScriptedToolCall[]; content?: string; usage?: ScriptedUsage; delayMs?: number }
  /** An OpenAI error body `{error: {message, type, code}}` with this status. */
  | { kind: 'error'; status: number; message: string; type?: string; code?: string | null; delayMs?: number }
  /** Any body, as is (a proxy's HTML page, a truncated reply...). */
  | { kind: 'raw'; status: number; body: string; contentType?: string; delayMs?: number };

/** What the server received: path, headers (lower-case names) and the parsed JSON body. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Picks the reply for a request. A rule matches when `lastUserContains` is found in the last
 * user message's text and `toolResults` (when given) says whether the request carries tool
 * results; the first matching rule answers. Rules make replies independent of the order runs
 * happen in, so the same script serves n8n and our engine.
 */
export interface ScriptRule {
  lastUserContains?: string;
  toolResults?: boolean;
  /** Matches requests whose whole text (every message) contains this. */
  anyContains?: string;
  reply: ScriptedReply | ScriptedReply[];
}

export interface OpenAiServerOptions {
  /** Replies consumed in order, before any rule is looked at. */
  queue?: ScriptedReply[];
  rules?: ScriptRule[];
  /** Default: 0 (any free port). */
  port?: number;
  host?: string;
}

export interface OpenAiServer {
  /** e.g. `http://127.0.0.1:43210/v1`: the credential's base URL. */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Adds replies to the queue. */
  enqueue(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

interface Extracted {
  lastUser: string;
  allText: string;
  hasToolResults: boolean;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        const record = part as Record<string, unknown>;
        return typeof record.text === 'string' ? record.text : '';
      })
      .join('');
  }
  return '';
}

/** The last user text and whether tool results are present, in either API's message shape. */
function extract(body: Record<string, unknown>): Extracted {
  const list = (Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : []) as Array<Record<string, unknown>>;
  let lastUser = typeof body.input === 'string' ? body.input : '';
  let hasToolResults = false;
  const texts: string[] = [];
  if (typeof body.instructions === 'string') texts.push(body.instructions);
  if (typeof body.input === 'string') texts.push(body.input);
  for (const message of list) {
    const text = textOf(message.content);
    texts.push(text);
    if (message.role === 'user') lastUser = text;
    if (message.role === 'tool' || message.type === 'function_call_output') {
      hasToolResults = true;
      texts.push(typeof message.output === 'string' ? message.output : '');
    }
  }
  return { lastUser, allText: texts.join('\n'), hasToolResults };
}

function usageOf(reply: { usage?: ScriptedUsage }, request: Extracted, output: string): ScriptedUsage {
  // Deterministic stand-in counts when the script gives none: about 4 characters a token.
  return reply.usage ?? { prompt: Math.ceil(request.allText.length / 4) + 1, completion: Math.ceil(output.length / 4) + 1 };
}

/** Reply ids count per server, so a raw reply (ids included) is the same for n8n and for us. */
type IdMaker = (prefix: string) => string;

function idMaker(): IdMaker {
  let sequence = 0;
  return (prefix) => `${prefix}${(++sequence).toString().padStart(6, '0')}`;
}

function argumentsText(call: ScriptedToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

function chatCompletion(reply: ScriptedReply & { kind: 'text' | 'toolCalls' }, model: string, request: Extracted, nextId: IdMaker): Record<string, unknown> {
  const content = reply.kind === 'text' ? reply.content : (reply.content ?? null);
  const toolCalls =
    reply.kind === 'toolCalls'
      ? reply.calls.map((call, index) => ({
          id: call.id ?? `call_${index + 1}_${call.name}`,
          type: 'function',
          function: { name: call.name, arguments: argumentsText(call) },
        }))
      : undefined;
  const usage = usageOf(reply, request, (content ?? '') + (toolCalls ? JSON.stringify(toolCalls) : ''));
  return {
    id: nextId('chatcmpl-'),
    object: 'chat.completion',
    created: 1_765_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
    system_fingerprint: null,
  };
}

function responsesReply(reply: ScriptedReply & { kind: 'text' | 'toolCalls' }, model: string, request: Extracted, nextId: IdMaker): Record<string, unknown> {
  const output: Array<Record<string, unknown>> = [];
  const text = reply.kind === 'text' ? reply.content : (reply.content ?? '');
  if (text !== '') {
    output.push({
      type: 'message',
      id: nextId('msg_'),
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  if (reply.kind === 'toolCalls') {
    reply.calls.forEach((call, index) => {
      output.push({
        type: 'function_call',
        id: nextId('fc_'),
        call_id: call.id ?? `call_${index + 1}_${call.name}`,
        name: call.name,
        arguments: argumentsText(call),
        status: 'completed',
      });
    });
  }
  const usage = usageOf(reply, request, text + JSON.stringify(output));
  return {
    id: nextId('resp_'),
    object: 'response',
    created_at: 1_765_000_000,
    status: 'completed',
    error: null,
    incomplete_details: null,
    model,
    output,
    parallel_tool_calls: true,
    usage: {
      input_tokens: usage.prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.completion,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

/** Server-sent events for `stream: true` on chat completions: one content chunk, tool calls, usage. */
function chatCompletionStream(completion: Record<string, unknown>): string {
  const choice = (completion.choices as Array<Record<string, unknown>>)[0];
  const message = choice.message as Record<string, unknown>;
  const base = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model };
  const chunks: Array<Record<string, unknown>> = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ];
  if (typeof message.content === 'string' && message.content !== '') {
    chunks.push({ ...base, choices: [{ index: 0, delta: { content: message.content }, finish_reason: null }] });
  }
  const calls = (message.tool_calls ?? []) as Array<Record<string, unknown>>;
  calls.forEach((call, index) => {
    chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, ...call }] }, finish_reason: null }] });
  });
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason }] });
  chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
}

function pickReply(options: { queue: ScriptedReply[]; rules: ScriptRule[]; counters: Map<ScriptRule, number> }, request: Extracted): ScriptedReply | undefined {
  const queued = options.queue.shift();
  if (queued) return queued;
  for (const rule of options.rules) {
    if (rule.lastUserContains !== undefined && !request.lastUser.includes(rule.lastUserContains)) continue;
    if (rule.anyContains !== undefined && !request.allText.includes(rule.anyContains)) continue;
    if (rule.toolResults !== undefined && rule.toolResults !== request.hasToolResults) continue;
    if (!Array.isArray(rule.reply)) return rule.reply;
    // A list answers in turn, staying on its last reply.
    const used = options.counters.get(rule) ?? 0;
    options.counters.set(rule, used + 1);
    return rule.reply[Math.min(used, rule.reply.length - 1)];
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const state = { queue: [...(options.queue ?? [])], rules: options.rules ?? [], counters: new Map<ScriptRule, number>() };
  const nextId = idMaker();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        send(res, 400, JSON.stringify({ error: { message: 'request body is not JSON', type: 'invalid_request_error' } }), 'application/json');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
      requests.push({ method: req.method ?? 'GET', path, headers, body });
      const isChat = path.endsWith('/chat/completions');
      const isResponses = path.endsWith('/responses');
      if (req.method !== 'POST' || (!isChat && !isResponses)) {
        send(res, 404, JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } }), 'application/json');
        return;
      }
      const extracted = extract(body);
      const reply = pickReply(state, extracted);
      const answer = (): void => {
        if (!reply) {
          send(res, 500, JSON.stringify({ error: { message: `openai-server: no scripted reply for "${extracted.lastUser.slice(0, 80)}"`, type: 'server_error' } }), 'application/json');
          return;
        }
        if (reply.kind === 'error') {
          const error = { message: reply.message, type: reply.type ?? 'invalid_request_error', param: null, code: reply.code ?? null };
          send(res, reply.status, JSON.stringify({ error }), 'application/json');
          return;
        }
        if (reply.kind === 'raw') {
          send(res, reply.status, reply.body, reply.contentType ?? 'text/html');
          return;
        }
        const model = typeof body.model === 'string' ? body.model : 'gpt-test';
        if (isResponses) {
          send(res, 200, JSON.stringify(responsesReply(reply, model, extracted, nextId)), 'application/json');
          return;
        }
        const completion = chatCompletion(reply, model, extracted, nextId);
        if (body.stream === true) send(res, 200, chatCompletionStream(completion), 'text/event-stream');
        else send(res, 200, JSON.stringify(completion), 'application/json');
      };
      const delay = reply?.delayMs ?? 0;
      if (delay > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer();
        }, delay);
        timers.add(timer);
      } else {
        answer();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    enqueue: (...replies) => state.queue.push(...replies),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
