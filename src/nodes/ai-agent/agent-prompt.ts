import { NodeOperationError } from '../../errors';
import type { ChatMessage } from '../../contracts/ai';
import type { NodeContext } from '../../contracts/node-type';
import type { JsonValue } from '../../workflow/json';
import { stepsToMessages, type AgentStep } from './agent-steps';

/** n8n's default system message (used only when the option is set, or before typeVersion 1.9). */
export const DEFAULT_SYSTEM_MESSAGE = 'You are a helpful assistant';

/**
 * The user's prompt for one item (n8n's getPromptInputByType): `auto` reads `chatInput` from
 * the input item (what a Chat Trigger sends), `guardrails` reads `guardrailsInput`, `define`
 * the Prompt parameter.
 */
export function promptInput(ctx: NodeContext, itemIndex: number): string {
  const promptType = ctx.getParam<JsonValue>('promptType', itemIndex, 'auto');
  let input: JsonValue | undefined;
  if (promptType === 'auto' || promptType === 'guardrails') {
    const key = promptType === 'auto' ? 'chatInput' : 'guardrailsInput';
    input = ctx.getInputItems()[itemIndex]?.json[key];
    if (input === undefined) {
      throw new NodeOperationError(ctx.node.name, 'No prompt specified', {
        itemIndex,
        description:
          promptType === 'auto'
            ? "Expected to find the prompt in an input field called 'chatInput' (this is what the chat trigger node outputs). To use something else, change the 'Prompt' parameter"
            : "Expected to find the prompt in an input field called 'guardrailsInput' (this is what the guardrails node node outputs). To use something else, change the 'Prompt' parameter",
      });
    }
  } else {
    input = ctx.getParam<JsonValue>('text', itemIndex, '');
    if (input === undefined) {
      throw new NodeOperationError(ctx.node.name, 'No prompt specified', {
        itemIndex,
        description: 'The prompt field is empty or the expression used could not be resolved. Please check the configured prompt value.',
      });
    }
  }
  return typeof input === 'string' ? input : JSON.stringify(input);
}

export interface PromptParts {
  /** The System Message option; undefined when not set. */
  systemMessage?: string;
  typeVersion: number;
  /** Formatting instructions of a connected output parser (its final-answer tool). */
  formattingInstructions?: string;
  history: ChatMessage[];
  input: string;
  steps: readonly AgentStep[];
}

/**
 * The messages of one model call, in n8n's prompt order: system (only when the option is
 * set, or before typeVersion 1.9), the memory's history, the user's input, then the tool
 * calls made so far.
 */
export function buildAgentMessages(parts: PromptParts): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const useSystem = parts.systemMessage !== undefined ? parts.systemMessage !== '' : parts.typeVersion < 1.9;
  const system = parts.systemMessage ?? DEFAULT_SYSTEM_MESSAGE;
  if (useSystem) {
    const text = parts.formattingInstructions ? `${system}\n\n${parts.formattingInstructions}` : system;
    messages.push({ role: 'system', content: text });
  } else if (parts.formattingInstructions) {
    messages.push({ role: 'system', content: parts.formattingInstructions });
  }
  messages.push(...parts.history, { role: 'user', content: parts.input }, ...stepsToMessages(parts.steps));
  return messages;
}
