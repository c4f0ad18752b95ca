import { errorMessage, NodeOperationError } from '../../errors';
import type { AiTool, ChatMemory, ChatModel, OutputParser, ToolCall, ToolSpec } from '../../contracts/ai';
import type { NodeContext } from '../../contracts/node-type';
import type { Item } from '../../contracts/run-data';
import type { JsonObject, JsonValue } from '../../workflow/json';
import { failureObservation, isRunnableTool, observationOf } from '../ai-tools/agent-tool';
import { buildAgentMessages, promptInput } from './agent-prompt';
import { intermediateStepJson, type AgentStep } from './agent-steps';
import { loadHistory, saveExchange } from './agent-memory';
import { FORMATTING_INSTRUCTIONS, formatCallOf, formatToolSpec, parsedAnswerJson, parserInputOfAnswer } from './agent-output-parser';

/** What the agent node gathered from its sub-nodes for one round. */
export interface AgentInputs {
  model: ChatModel;
  memory?: ChatMemory;
  /** The tools for one item (n8n supplies them per item, with that item's parameters). */
  toolsFor(itemIndex: number): Promise<AiTool[]>;
  /** The connected output parser for one item, when "Require Specific Output Format" is on. */
  parserFor(itemIndex: number): Promise<OutputParser | undefined>;
}

/** The agent's options for one item (n8n reads them per item; max iterations from item 0). */
export interface AgentOptions {
  systemMessage?: string;
  maxIterations: number;
  returnIntermediateSteps: boolean;
  forceToolCall: boolean;
}

export type AgentOptionsFor = (itemIndex: number) => AgentOptions;

/** One tool call the model asked for, bound to the tool that will run it. */
interface PendingCall {
  itemIndex: number;
  call: ToolCall;
  tool: AiTool;
  args: JsonObject;
}

type ItemOutcome = { kind: 'final'; json: JsonObject } | { kind: 'calls'; calls: PendingCall[] };

export function toolSpecOf(tool: AiTool): ToolSpec {
  return { name: tool.name, description: tool.description, parameters: tool.inputSchema };
}

/** The model's arguments text, parsed; n8n (LangChain) treats unparsable text as no arguments. */
function parseArguments(text: string): JsonObject {
  try {
    const parsed = JSON.parse(text === '' ? '{}' : text) as JsonValue;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** n8n refuses two connected tools with one name (the model could not tell them apart). */
function assertUniqueNames(ctx: NodeContext, tools: AiTool[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) {
      throw new NodeOperationError(ctx.node.name, `You have multiple tools with the same name: '${tool.name}', please rename them to avoid conflicts`);
    }
    seen.add(tool.name);
  }
}

/** Runs one call and returns the observation; a failing tool tells the model, as n8n does. */
async function runCall(pending: PendingCall, signal: AbortSignal): Promise<string> {
  const { tool, args, call } = pending;
  try {
    if (isRunnableTool(tool)) return observationOf(await tool.run(args, { signal, toolCallId: call.id }));
    return await tool.call(args, { signal, toolCallId: call.id });
  } catch (error) {
    if (signal.aborted) throw error;
    return failureObservation(error);
  }
}

/**
 * n8n's tools agent (V3, typeVersion 3 and 3.1): the engine runs it in rounds. Each round
 * runs every input item again: the item's prompt, the tool calls of the earlier rounds
 * (n8n keeps the steps of the item that asked first), one model call. When any item asked for
 * tools, the tools run (in the order the model asked) and another round starts; the output of
 * the last round is the node's output. A round past `maxIterations` fails the item.
 */
export class ToolsAgentRun {
  /** Steps per item from the last round of tool calls (n8n's actionResponses). */
  private steps = new Map<number, AgentStep[]>();
  /** The steps of the item whose calls led the last round (n8n's `previousRequests`). */
  private previousSteps: AgentStep[] = [];
  private iterationCount = 0;
  private rounds = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly optionsFor: AgentOptionsFor,
    private readonly inputs: () => Promise<AgentInputs>,
  ) {}

  async execute(): Promise<Item[]> {
    for (;;) {
      if (this.rounds > 0) this.ctx.beginRound?.();
      this.rounds += 1;
      const { output, calls, requested } = await this.round();
      // A request whose calls all named unknown tools still counts: the next round asks again.
      if (!requested) return output;
      await this.runCalls(calls);
    }
  }

  private async round(): Promise<{ output: Item[]; calls: PendingCall[]; requested: boolean }> {
    const inputs = await this.inputs();
    const items = this.ctx.getInputItems();
    const output: Item[] = [];
    const calls: PendingCall[] = [];
    let leadingSteps: AgentStep[] | undefined;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      let outcome: ItemOutcome;
      try {
        outcome = await this.runItem(inputs, itemIndex);
      } catch (error) {
        if (this.ctx.signal.aborted) throw error;
        if (!this.ctx.continueOnFail()) {
          if (error instanceof NodeOperationError) throw error;
          throw new NodeOperationError(this.ctx.node.name, errorMessage(error), { itemIndex, cause: error });
        }
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
        continue;
      }
      if (outcome.kind === 'final') output.push({ json: outcome.json, pairedItem: { item: itemIndex } });
      else {
        leadingSteps ??= this.itemSteps(itemIndex);
        calls.push(...outcome.calls);
      }
    }
    if (leadingSteps) {
      this.previousSteps = leadingSteps;
      this.iterationCount += 1;
    }
    return { output, calls, requested: leadingSteps !== undefined };
  }

  /** An item's steps: the leading item's earlier steps, then the item's own latest ones. */
  private itemSteps(itemIndex: number): AgentStep[] {
    const own = this.steps.get(itemIndex) ?? [];
    const fresh = own.filter((step) => !this.previousSteps.some((known) => known.toolCallId === step.toolCallId));
    return [...this.previousSteps, ...fresh];
  }

  private async runItem(inputs: AgentInputs, itemIndex: number): Promise<ItemOutcome> {
    const { ctx } = this;
    const options = this.optionsFor(itemIndex);
    const { maxIterations } = this.optionsFor(0);
    if (this.rounds > 1 && this.iterationCount >= maxIterations) {
      throw new NodeOperationError(
        ctx.node.name,
        `Max iterations (${maxIterations}) reached. The agent could not complete the task within the allowed number of iterations.`,
        { itemIndex },
      );
    }
    const steps = this.itemSteps(itemIndex);
    const input = promptInput(ctx, itemIndex);
    const tools = await inputs.toolsFor(itemIndex);
    assertUniqueNames(ctx, tools);
    const parser = await inputs.parserFor(itemIndex);
    const history = inputs.memory ? await loadHistory(inputs.memory) : [];
    const messages = buildAgentMessages({
      systemMessage: options.systemMessage,
      typeVersion: ctx.node.typeVersion,
      formattingInstructions: parser ? FORMATTING_INSTRUCTIONS : undefined,
      history,
      input,
      steps,
    });
    // n8n adds the parser's tool after the connected ones.
    const specs = [...tools.map(toolSpecOf), ...(parser ? [formatToolSpec(parser)] : [])];
    const result = await inputs.model.invoke({
      messages,
      tools: specs.length > 0 ? specs : undefined,
      toolChoice: options.forceToolCall && steps.length === 0 && specs.length > 0 ? 'required' : undefined,
      signal: ctx.signal,
    });
    const toolCalls = result.message.toolCalls ?? [];
    const formatCall = parser ? formatCallOf(toolCalls) : undefined;
    if (parser && formatCall) {
      // The model's formatted answer ends the run: n8n parses the tool's arguments.
      return this.parsedFinal(parser, JSON.stringify(parseArguments(formatCall.arguments)), inputs, input, steps, options);
    }
    if (toolCalls.length > 0) {
      // n8n drops calls to tools it does not have; the round then asks the model again.
      const calls = toolCalls.flatMap((call) => {
        const tool = tools.find((candidate) => candidate.name === call.name);
        return tool ? [{ itemIndex, call, tool, args: parseArguments(call.arguments) }] : [];
      });
      return { kind: 'calls', calls };
    }
    const text = result.message.content;
    if (parser) return this.parsedFinal(parser, parserInputOfAnswer(text), inputs, input, steps, options);
    if (inputs.memory && input !== '' && text !== '') {
      await saveExchange(inputs.memory, input, text, this.stepsToSave(steps));
    }
    const json: JsonObject = { output: text };
    if (options.returnIntermediateSteps) json.intermediateSteps = steps.map(intermediateStepJson);
    return { kind: 'final', json };
  }

  /** A final answer through the output parser; with memory the exchange keeps the JSON text. */
  private async parsedFinal(parser: OutputParser, parserInput: string, inputs: AgentInputs, input: string, steps: AgentStep[], options: AgentOptions): Promise<ItemOutcome> {
    const value = await parser.parse(parserInput);
    if (inputs.memory && input !== '') await saveExchange(inputs.memory, input, JSON.stringify(value), this.stepsToSave(steps));
    const json = parsedAnswerJson(value, inputs.memory !== undefined);
    if (options.returnIntermediateSteps) json.intermediateSteps = steps.map(intermediateStepJson);
    return { kind: 'final', json };
  }

  /** n8n saves only the steps of the last round of tool calls (those after `previousRequests`). */
  private stepsToSave(steps: AgentStep[]): AgentStep[] {
    return steps.slice(this.previousSteps.length);
  }

  private async runCalls(calls: PendingCall[]): Promise<void> {
    this.steps = new Map();
    for (const pending of calls) {
      const observation = await runCall(pending, this.ctx.signal);
      const nodeName = isRunnableTool(pending.tool) ? pending.tool.nodeName : pending.tool.name;
      const step: AgentStep = { tool: pending.call.name, nodeName, toolInput: pending.args, toolCallId: pending.call.id, observation };
      const list = this.steps.get(pending.itemIndex) ?? [];
      list.push(step);
      this.steps.set(pending.itemIndex, list);
    }
  }
}
