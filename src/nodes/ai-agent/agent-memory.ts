import type { ChatMemory, ChatMessage } from '../../contracts/ai';
import { stepCallMessage, stepResultMessage, type AgentStep } from './agent-steps';

/** A memory that keeps whole exchanges, tool calls included (our Window Buffer Memory). */
export interface MessageMemory extends ChatMemory {
  saveMessages(messages: ChatMessage[]): Promise<void>;
}

export function isMessageMemory(memory: ChatMemory): memory is MessageMemory {
  return typeof (memory as Partial<MessageMemory>).saveMessages === 'function';
}

/**
 * Saves one finished exchange as n8n's agent does: the input and the answer, and when tools
 * were called, each call and its result in between (a memory that can only keep text gets
 * n8n's `[Used tools: ...]` summary instead).
 */
export async function saveExchange(memory: ChatMemory, input: string, output: string, steps: readonly AgentStep[]): Promise<void> {
  if (steps.length === 0) {
    await memory.save(input, output);
    return;
  }
  if (!isMessageMemory(memory)) {
    const context = steps.map((step) => `Tool: ${step.tool}, Input: ${JSON.stringify(step.toolInput)}, Result: ${step.observation}`).join('; ');
    await memory.save(input, `[Used tools: ${context}] ${output}`);
    return;
  }
  const messages: ChatMessage[] = [{ role: 'user', content: input }];
  for (const step of steps) messages.push(stepCallMessage(step), { ...stepResultMessage(step), name: step.tool });
  messages.push({ role: 'assistant', content: output });
  await memory.saveMessages(messages);
}

const callsTools = (message: ChatMessage | undefined): boolean => message?.role === 'assistant' && (message.toolCalls?.length ?? 0) > 0;

/**
 * Drops what a window cut in half (n8n's cleanupOrphanedMessages): tool results at the start,
 * a tool call at the start without its result, a trailing result without its call, a
 * trailing call without its result. A model refuses such a history.
 */
export function withoutOrphans(history: ChatMessage[]): ChatMessage[] {
  const result = [...history];
  let changed = true;
  while (changed && result.length > 0) {
    changed = false;
    while (result[0]?.role === 'tool') {
      result.shift();
      changed = true;
    }
    if (callsTools(result[0]) && result[1]?.role !== 'tool') {
      result.shift();
      changed = true;
    }
  }
  changed = true;
  while (changed && result.length > 0) {
    changed = false;
    const last = result[result.length - 1];
    if (last?.role === 'tool') {
      let index = result.length - 2;
      while (index >= 0 && result[index]?.role === 'tool') index -= 1;
      if (!callsTools(result[index])) {
        result.pop();
        changed = true;
      }
    } else if (callsTools(last)) {
      result.pop();
      changed = true;
    }
  }
  return result;
}

/** The history the agent prepends to its prompt. */
export async function loadHistory(memory: ChatMemory): Promise<ChatMessage[]> {
  return withoutOrphans(await memory.load());
}
