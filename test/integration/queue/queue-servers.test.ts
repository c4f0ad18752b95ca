import net from 'node:net';
import { Client } from 'pg';
import Redis from 'ioredis';
import { missingServer, startPostgres, startRedis } from '../../helpers/queue-servers';

/** The test support itself: both servers start on free ports, answer, and stop. */
describe('real queue servers for tests', () => {
  it('starts and stops a Redis server of its own', async () => {
    if (missingServer('redis')) throw new Error(missingServer('redis'));
    const server = await startRedis();
    const client = new Redis(server.url, { lazyConnect: true });
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
    } finally {
      client.disconnect();
      await server.stop();
    }
    const port = Number(new URL(server.url).port);
    await expect(new Promise((resolve, reject) => net.connect(port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);

  it('starts and stops a PostgreSQL server of its own', async () => {
    if (missingServer('postgres')) throw new Error(missingServer('postgres'));
    const server = await startPostgres();
    const client = new Client({ connectionString: server.url });
    try {
      await client.connect();
      const result = await client.query<{ answer: number }>('select 41 + 1 as answer');
      expect(result.rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.end();
      await server.stop();
    }
  }, 60_000);
});
