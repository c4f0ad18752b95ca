import { buildAgentMessages } from '../../../../src/nodes/ai-agent/agent-prompt';
import { intermediateStepJson, type AgentStep } from '../../../../src/nodes/ai-agent/agent-steps';
import { withoutOrphans } from '../../../../src/nodes/ai-agent/agent-memory';
import { windowOf } from '../../../../src/nodes/ai-memory/memory-buffer-window';
import type { ChatMessage } from '../../../../src/contracts/ai';

const step: AgentStep = { tool: 'get_price', nodeName: 'get price', toolInput: { product: 'apple' }, toolCallId: 'call_0_0', observation: '[{"price":3}]' };

describe('agent messages (n8n 2.40 wire shape)', () => {
  it('sends no system message unless the option is set (from 1.9), then history, input and steps', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ];
    expect(buildAgentMessages({ typeVersion: 3.1, history, input: 'price?', steps: [step] })).toEqual([
      ...history,
      { role: 'user', content: 'price?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_0_0', name: 'get_price', arguments: '{"product":"apple","id":"call_0_0"}' }] },
      { role: 'tool', content: '[{"price":3}]', toolCallId: 'call_0_0' },
    ]);
    expect(buildAgentMessages({ typeVersion: 3.1, systemMessage: 'Be short', history: [], input: 'x', steps: [] })[0]).toEqual({ role: 'system', content: 'Be short' });
    expect(buildAgentMessages({ typeVersion: 1.8, history: [], input: 'x', steps: [] })[0]).toEqual({ role: 'system', content: 'You are a helpful assistant' });
  });

  it("shows an intermediate step as n8n serialises it", () => {
    const call = { id: 'call_0_0', name: 'get_price', args: { product: 'apple', id: 'call_0_0' }, type: 'tool_call' };
    expect(intermediateStepJson(step)).toEqual({
      action: {
        tool: 'get_price',
        toolInput: { product: 'apple' },
        log: 'Calling get price',
        messageLog: [
          {
            lc_serializable: true,
            lc_kwargs: { content: [], tool_calls: [call], invalid_tool_calls: [], additional_kwargs: {}, response_metadata: {} },
            lc_namespace: ['langchain_core', 'messages'],
            content: [],
            additional_kwargs: {},
            response_metadata: {},
            type: 'ai',
            tool_calls: [call],
            invalid_tool_calls: [],
          },
        ],
        toolCallId: 'call_0_0',
        type: 'tool_call',
      },
      observation: '[{"price":3}]',
    });
  });
});

describe('memory window', () => {
  const call: ChatMessage = { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 't', arguments: '{}' }] };
  const result: ChatMessage = { role: 'tool', content: 'r', toolCallId: 'c' };
  const user: ChatMessage = { role: 'user', content: 'u' };
  const answer: ChatMessage = { role: 'assistant', content: 'a' };

  it('keeps the last k exchanges (k*2 messages); 0 keeps everything', () => {
    const history = [user, answer, user, answer, user, answer];
    expect(windowOf(history, 1)).toEqual([user, answer]);
    expect(windowOf(history, 0)).toHaveLength(6);
  });

  it('drops a tool call or result the window cut from its pair', () => {
    expect(withoutOrphans([result, answer, user, call, result, answer])).toEqual([answer, user, call, result, answer]);
    expect(withoutOrphans([call, user, answer])).toEqual([user, answer]);
    expect(withoutOrphans([user, call])).toEqual([user]);
    expect(withoutOrphans([user, answer, result])).toEqual([user, answer]);
  });
});
