import { AUTH, API_KEY, startTestService } from './helpers/test-service';
import { NOOP, WEBHOOK, chain } from './helpers/workflows';

describe('request logs', () => {
  it('log method, path, status and duration as JSON, without keys, query strings or webhook paths', async () => {
    const lines: string[] = [];
    const service = await startTestService({ workflows: [chain('hook', [['Webhook', WEBHOOK, { httpMethod: 'POST', path: 's3cret-token-path' }], ['Done', NOOP]])], logLines: lines });
    try {
      await service.http.post('/canvas/hook/activate').set(AUTH).send({});
      await service.http.post('/webhook/s3cret-token-path?api_key=zzz').set('Authorization', 'Basic dXNlcjpwYXNz').send({ password: 'p' });
      await service.http.get('/executions/none?signature=abc').set(AUTH);
      const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.message === 'request');
      expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
        { method: 'POST', path: '/canvas/hook/activate', status: 200 },
        { method: 'POST', path: '/webhook/[path]', status: 200 },
        { method: 'GET', path: '/executions/none', status: 404 },
      ]);
      expect(requests.every((entry) => entry.level === 'http' && typeof entry.durationMs === 'number' && typeof entry.timestamp === 'string')).toBe(true);
      const all = lines.join('\n');
      for (const secret of [API_KEY, 's3cret-token-path', 'zzz', 'dXNlcjpwYXNz', 'signature=abc']) expect(all).not.toContain(secret);
    } finally {
      await service.close();
      service.cleanup();
    }
  });
});
