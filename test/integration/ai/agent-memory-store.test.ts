import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowJson } from '../../../src/workflow/types';
import { createAiAgentService } from '../../helpers/ai-agent-service';
import { startOpenAiServer, type OpenAiServer } from '../../helpers/openai-server';

const CRED = { openAiApi: { id: 'c1', name: 'scripted' } };

/** One question through an agent with Simple Memory (custom key), as the 2.x editor writes it. */
function askWorkflow(id: string, question: string, memoryParameters: Record<string, unknown>): WorkflowJson & { id: string } {
  return {
    id,
    name: id,
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, position: [200, 0], parameters: { promptType: 'define', text: question, options: {} } },
      { name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [200, 200], parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: {} }, credentials: CRED },
      { name: 'Memory', type: '@n8n/n8n-nodes-langchain.memoryBufferWindow', typeVersion: 1.3, position: [300, 200], parameters: memoryParameters },
    ],
    connections: {
      Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
      Model: { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
      Memory: { ai_memory: [[{ node: 'AI Agent', type: 'ai_memory', index: 0 }]] },
    },
  } as WorkflowJson & { id: string };
}

const memoryKey = { sessionIdType: 'customKey', sessionKey: 'user-42', contextWindowLength: 2 };

let dir: string;
let server: OpenAiServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agent-memory-'));
  server = await startOpenAiServer({ rules: [{ lastUserContains: 'name is', reply: { kind: 'text', content: 'Nice to meet you, Ada.' } }, { reply: { kind: 'text', content: 'You are Ada.' } }] });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (workflows: Array<WorkflowJson & { id: string }>) =>
  createAiAgentService({ workflows, credentials: { openAiApi: { apiKey: 'sk-test', url: server.baseUrl } }, sqlite: { file: join(dir, 'automator.sqlite') } });

describe('Simple Memory in the store', () => {
  it('keeps a conversation across a restart, per workflow and session key, windowed', async () => {
    const first = open([askWorkflow('chat', 'My name is Ada', memoryKey)]);
    const firstRun = await first.run('chat');
    expect(firstRun.data.resultData.runData['AI Agent']?.[0]?.data?.main?.[0]?.[0]?.json).toEqual({ output: 'Nice to meet you, Ada.' });
    await first.close();

    // A new process on the same file: the history is still there.
    const second = open([askWorkflow('chat', 'What is my name?', memoryKey), askWorkflow('other', 'What is my name?', memoryKey)]);
    await second.run('chat');
    expect(server.requests[1]?.body.messages).toEqual([
      { role: 'user', content: 'My name is Ada' },
      { role: 'assistant', content: 'Nice to meet you, Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    // Another workflow with the same key has its own history (n8n keys memory by workflow too).
    await second.run('other');
    expect(server.requests[2]?.body.messages).toEqual([{ role: 'user', content: 'What is my name?' }]);
    // A third question sees only the last 2 exchanges (contextWindowLength 2).
    await second.run('chat');
    expect(server.requests[3]?.body.messages).toEqual([
      { role: 'user', content: 'My name is Ada' },
      { role: 'assistant', content: 'Nice to meet you, Ada.' },
      { role: 'user', content: 'What is my name?' },
      { role: 'assistant', content: 'You are Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    expect(await second.store.chatMemory.load('chat__user-42')).toHaveLength(6);
    await second.close();
  });

  it('fails the agent with a clear error when the session key is missing, and records the memory run', async () => {
    const service = open([askWorkflow('chat', 'hi', { sessionIdType: 'fromInput', contextWindowLength: 5 })]);
    const run = await service.run('chat');
    expect(run.status).toBe('error');
    expect(run.data.resultData.error?.message).toBe('Error in sub-node Memory');
    expect(run.data.resultData.runData.Memory?.[0]?.error?.message).toBe('No session ID found');
    expect(server.requests).toHaveLength(0);
    await service.close();
  });
});
