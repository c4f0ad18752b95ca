import type { ChatMemoryStore, StoredChatMessage } from '../../contracts/node-services';

/**
 * Chat histories kept in this process only (engine-only runs, the CLI): n8n's own Simple
 * Memory behaviour. The service hands nodes a store-backed one instead.
 */
export function createProcessMemoryStore(): ChatMemoryStore {
  const histories = new Map<string, StoredChatMessage[]>();
  return {
    async load(key) {
      return (histories.get(key) ?? []).map((message) => ({ ...message }));
    },
    async append(key, messages) {
      histories.set(key, [...(histories.get(key) ?? []), ...messages.map((message) => ({ ...message }))]);
    },
    async clear(key) {
      histories.delete(key);
    },
  };
}

export const processMemoryStore: ChatMemoryStore = createProcessMemoryStore();
