import type { ChatMessage } from '../../contracts/ai';
import type { ChatMemoryStore } from '../../contracts/node-services';
import type { NodeResult, NodeTypeDefinition, SupplyContext } from '../../contracts/node-type';
import type { JsonValue } from '../../workflow/json';
import { NodeOperationError } from '../../errors';
import type { MessageMemory } from '../ai-agent/agent-memory';
import { serializeForRunData } from './lc-messages';
import { memorySessionId } from './session-key';
import { processMemoryStore } from './process-memory-store';

export const MEMORY_BUFFER_WINDOW_TYPE = '@n8n/n8n-nodes-langchain.memoryBufferWindow';

/**
 * The last `k` exchanges (LangChain's BufferWindowMemory keeps `k * 2` messages; k = 0 keeps
 * them all, as `slice(-0)` does).
 */
export function windowOf(messages: ChatMessage[], k: number): ChatMessage[] {
  return messages.slice(-k * 2);
}

function windowLength(ctx: SupplyContext, itemIndex: number): number {
  const value = ctx.getParam<JsonValue>('contextWindowLength', itemIndex, 5);
  const k = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(k) || k < 0) {
    throw new NodeOperationError(ctx.node.name, `"Context Window Length" must be a number of 0 or more, not ${JSON.stringify(value)}`, { itemIndex });
  }
  return Math.floor(k);
}

/**
 * n8n's Simple Memory (Window Buffer Memory): the chat history of one session, kept in the
 * store (SQLite or Odoo) under `<workflowId>__<sessionId>` so it survives restarts. Each load
 * and save is one recorded run of the node, as n8n shows them.
 */
async function supplyData(ctx: SupplyContext, itemIndex: number): Promise<MessageMemory> {
  const k = windowLength(ctx, itemIndex);
  const sessionKey = `${ctx.workflow.id}__${memorySessionId(ctx, itemIndex)}`;
  const store: ChatMemoryStore = ctx.services.chatMemory ?? processMemoryStore;
  const record = async (input: Parameters<SupplyContext['startRun']>[0], work: () => Promise<ChatMessage[]>, action: string) => {
    const run = await ctx.startRun(input);
    try {
      const history = await work();
      await run.succeed({ action, chatHistory: history.map(serializeForRunData) });
      return history;
    } catch (error) {
      await run.fail(error);
      throw new NodeOperationError(ctx.node.name, `The chat memory could not be ${action === 'saveContext' ? 'saved' : 'loaded'}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  const append = async (messages: ChatMessage[], input: Parameters<SupplyContext['startRun']>[0]) => {
    await record(input, async () => {
      await store.append(sessionKey, messages);
      return store.load(sessionKey);
    }, 'saveContext');
  };
  return {
    kind: 'memory',
    sessionKey,
    load: () => record({ action: 'loadMemoryVariables', values: {} }, async () => windowOf(await store.load(sessionKey), k), 'loadMemoryVariables'),
    save: (input, output) =>
      append(
        [
          { role: 'user', content: input },
          { role: 'assistant', content: output },
        ],
        { action: 'saveContext', input: { input }, output: { output } },
      ),
    // n8n's agent adds an exchange with tool calls to the history directly: no run is recorded.
    saveMessages: async (messages) => {
      try {
        await store.append(sessionKey, messages);
      } catch (error) {
        throw new NodeOperationError(ctx.node.name, `The chat memory could not be saved: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    },
  };
}

async function execute(): Promise<NodeResult> {
  // A sub-node only supplies its root node; the engine never runs it on the main path.
  return null;
}

export const memoryBufferWindowNode: NodeTypeDefinition = {
  type: MEMORY_BUFFER_WINDOW_TYPE,
  displayName: 'Simple Memory',
  versions: [1, 1.1, 1.2, 1.3, 1.4],
  execute,
  supplyData,
};
