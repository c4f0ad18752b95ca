import type { OdooClient } from '../../odoo/client';
import type { ChatMemoryStore, StoredChatMessage } from '../../contracts/node-services';

const MODEL = 'chat_memory';

/**
 * Chat histories in Odoo's `chat_memory` model (one record per message), written through the
 * sidecar's own session: a conversation follows its database and survives sidecar restarts.
 */
export class OdooChatMemoryStore implements ChatMemoryStore {
  constructor(private readonly client: OdooClient) {}

  async load(key: string): Promise<StoredChatMessage[]> {
    const rows = await this.client.searchRead<{ message: string }>(MODEL, [['session_key', '=', key]], { fields: ['message'], order: 'sequence, id' });
    return rows.map((row) => JSON.parse(row.message) as StoredChatMessage);
  }

  async append(key: string, messages: StoredChatMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const [last] = await this.client.searchRead<{ sequence: number }>(MODEL, [['session_key', '=', key]], { fields: ['sequence'], order: 'sequence desc, id desc', limit: 1 });
    const first = (last?.sequence ?? -1) + 1;
    await this.client.createMany(
      MODEL,
      messages.map((message, index) => ({ session_key: key, sequence: first + index, role: message.role, message: JSON.stringify(message) })),
    );
  }

  async clear(key: string): Promise<void> {
    const ids = await this.client.search(MODEL, [['session_key', '=', key]]);
    if (ids.length > 0) await this.client.unlink(MODEL, ids);
  }
}
