import type { ChatMessage } from '../../contracts/ai';
import type { JsonObject } from '../../workflow/json';

/** One tool call the agent made and what came back (n8n's ToolCallData / AgentStep). */
export interface AgentStep {
  /** The tool's name as the model called it. */
  tool: string;
  /** The node that supplied the tool (n8n logs "Calling <node>"). */
  nodeName: string;
  /** The model's arguments, parsed. */
  toolInput: JsonObject;
  toolCallId: string;
  /** The text handed back to the model. */
  observation: string;
}

/**
 * The arguments n8n echoes back to the model for a past call: the parsed input with the call
 * id added under `id` (LangChain keeps the id n8n put into the tool input).
 */
function echoedArgs(step: AgentStep): JsonObject {
  return { ...step.toolInput, id: step.toolCallId };
}

/** The assistant message that asked for one step's tool call, as n8n replays it. */
export function stepCallMessage(step: AgentStep): ChatMessage {
  return {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: step.toolCallId, name: step.tool, arguments: JSON.stringify(echoedArgs(step)) }],
  };
}

/** The tool-result message of one step. */
export function stepResultMessage(step: AgentStep): ChatMessage {
  return { role: 'tool', content: step.observation, toolCallId: step.toolCallId };
}

/**
 * n8n replays each step as its own assistant message (one tool call each, even when the model
 * asked for several at once) followed by the tool's result.
 */
export function stepsToMessages(steps: readonly AgentStep[]): ChatMessage[] {
  return steps.flatMap((step) => [stepCallMessage(step), stepResultMessage(step)]);
}

/**
 * One entry of the `intermediateSteps` output of the V3 agent: the action with its message log
 * (a LangChain AIMessage as n8n serialises it: its own fields, `type: 'ai'` added) and the
 * observation.
 */
export function intermediateStepJson(step: AgentStep): JsonObject {
  const toolCall: JsonObject = { id: step.toolCallId, name: step.tool, args: echoedArgs(step), type: 'tool_call' };
  const message: JsonObject = {
    lc_serializable: true,
    lc_kwargs: { content: [], tool_calls: [toolCall], invalid_tool_calls: [], additional_kwargs: {}, response_metadata: {} },
    lc_namespace: ['langchain_core', 'messages'],
    content: [],
    additional_kwargs: {},
    response_metadata: {},
    type: 'ai',
    tool_calls: [toolCall],
    invalid_tool_calls: [],
  };
  return {
    action: {
      tool: step.tool,
      toolInput: step.toolInput,
      log: `Calling ${step.nodeName}`,
      messageLog: [message],
      toolCallId: step.toolCallId,
      type: 'tool_call',
    },
    observation: step.observation,
  };
}
